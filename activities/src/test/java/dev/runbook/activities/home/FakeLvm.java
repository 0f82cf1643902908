package dev.runbook.activities.home;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model of the LVM commands the provider runs: volumes with contents, snapshots of an origin, and
 * {@code lvconvert --merge}, which gives the origin the snapshot's contents and removes the snapshot
 * at once, or, while the origin is open, marks it merging until the origin is activated again.
 */
final class FakeLvm extends FakeCommands {
  /** A logical volume; {@code origin} is set for snapshots. */
  static final class Volume {
    String contents;
    final String origin;
    boolean merging;

    Volume(String contents, String origin) {
      this.contents = contents;
      this.origin = origin;
    }
  }

  final Map<String, Volume> volumes = new LinkedHashMap<>();
  /** True while the origins are open (mounted): merges wait for the next activation. */
  boolean originsOpen;

  @Override
  public CommandResult run(Command c, Runnable tick) {
    List<String> a = c.argv();
    ran.add(String.join(" ", a));
    String last = a.get(a.size() - 1);
    switch (a.get(0)) {
      case "lvs" -> {
        Volume v = volumes.get(last);
        if (v == null) {
          return result(5, "", "Failed to find logical volume \"" + last + "\"");
        }
        String attr = (v.origin == null ? "o" : v.merging ? "S" : "s") + "wi-a-s---";
        return result(0, a.contains("lv_attr") ? "  " + attr + "\n" : "  " + last.substring(last.indexOf('/') + 1) + "\n", "");
      }
      case "lvcreate" -> {
        String vg = last.substring(0, last.indexOf('/'));
        volumes.put(vg + "/" + a.get(a.indexOf("--name") + 1), new Volume(volumes.get(last).contents, last));
        return ok();
      }
      case "lvconvert" -> {
        Volume snapshot = volumes.get(last);
        if (volumes.values().stream().anyMatch(v -> v.merging && snapshot.origin.equals(v.origin))) {
          return result(5, "", "Cannot merge snapshot " + last + ": its origin has another snapshot merging");
        }
        if (originsOpen) {
          snapshot.merging = true;
        } else {
          volumes.get(snapshot.origin).contents = snapshot.contents;
          volumes.remove(last);
        }
        return ok();
      }
      case "lvremove" -> {
        volumes.remove(last);
        return ok();
      }
      default -> {
        return result(2, "", "fake lvm does not know " + a);
      }
    }
  }
}
