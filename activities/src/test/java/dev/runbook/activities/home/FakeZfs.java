package dev.runbook.activities.home;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A model of the {@code zfs} commands the provider runs: datasets with contents, an own or derived
 * mountpoint, snapshots in creation order, clones with their origin, rename, promote and destroy as
 * ZFS does them (a dataset with snapshots or clones cannot be destroyed). Every command is recorded.
 */
final class FakeZfs extends FakeCommands {
  /** A dataset; {@code mountpoint} null means derived from its name. */
  static final class Dataset {
    String name;
    String contents;
    String mountpoint;
    Dataset originOf;
    String originSnapshot;
    final LinkedHashMap<String, String> snapshots = new LinkedHashMap<>();

    Dataset(String name, String contents, String mountpoint) {
      this.name = name;
      this.contents = contents;
      this.mountpoint = mountpoint;
    }

    String mounted() {
      return mountpoint != null ? mountpoint : "/" + name;
    }

    String origin() {
      return originOf == null ? "-" : originOf.name + "@" + originSnapshot;
    }
  }

  final Map<String, Dataset> datasets = new LinkedHashMap<>();
  /** Commands that fail once, to cut an attempt short. */
  Predicate<List<String>> failOnce = argv -> false;

  Dataset add(String name, String contents, String mountpoint, String... snapshots) {
    Dataset d = new Dataset(name, contents, mountpoint);
    for (String s : snapshots) {
      d.snapshots.put(s, "contents at " + s);
    }
    datasets.put(name, d);
    return d;
  }

  Dataset get(String name) {
    return datasets.get(name);
  }

  @Override
  public CommandResult run(Command c, Runnable tick) {
    List<String> a = c.argv();
    ran.add(String.join(" ", a));
    if (failOnce.test(a)) {
      failOnce = argv -> false;
      return result(1, "", "cut short");
    }
    String last = a.get(a.size() - 1);
    return switch (a.get(1)) {
      case "list" -> list(a, last);
      case "get" -> {
        Dataset d = datasets.get(last);
        if (d == null) {
          yield result(1, "", "cannot open '" + last + "': dataset does not exist");
        }
        yield a.contains("mountpoint") ? result(0, d.mounted() + "\t" + (d.mountpoint != null ? "local" : "default") + "\n", "")
            : result(0, d.origin() + "\t-\n", "");
      }
      case "rename" -> {
        Dataset d = datasets.remove(a.get(2));
        d.name = last;
        datasets.put(last, d);
        yield ok();
      }
      case "set" -> {
        datasets.get(last).mountpoint = a.get(2).substring("mountpoint=".length());
        yield ok();
      }
      case "clone" -> {
        String snapshot = a.get(a.size() - 2);
        Dataset from = datasets.get(snapshot.substring(0, snapshot.indexOf('@')));
        String snap = snapshot.substring(snapshot.indexOf('@') + 1);
        Dataset clone = new Dataset(last, from.snapshots.get(snap), a.contains("-o") ? a.get(3).substring("mountpoint=".length()) : null);
        clone.originOf = from;
        clone.originSnapshot = snap;
        datasets.put(last, clone);
        yield ok();
      }
      case "promote" -> {
        Dataset clone = datasets.get(last);
        Dataset origin = clone.originOf;
        LinkedHashMap<String, String> moved = new LinkedHashMap<>();
        for (var e : new ArrayList<>(origin.snapshots.entrySet())) {
          moved.put(e.getKey(), origin.snapshots.remove(e.getKey()));
          if (e.getKey().equals(clone.originSnapshot)) {
            break;
          }
        }
        moved.putAll(clone.snapshots);
        clone.snapshots.clear();
        clone.snapshots.putAll(moved);
        origin.originOf = clone;
        origin.originSnapshot = clone.originSnapshot;
        clone.originOf = null;
        yield ok();
      }
      case "destroy" -> destroy(last);
      default -> result(2, "", "fake zfs does not know " + a);
    };
  }

  private CommandResult list(List<String> a, String name) {
    if (a.contains("snapshot") && name.contains("@")) {
      Dataset d = datasets.get(name.substring(0, name.indexOf('@')));
      return d != null && d.snapshots.containsKey(name.substring(name.indexOf('@') + 1)) ? result(0, name + "\n", "")
          : result(1, "", "dataset does not exist");
    }
    Dataset d = datasets.get(name);
    if (d == null) {
      return result(1, "", "cannot open '" + name + "': dataset does not exist");
    }
    StringBuilder out = new StringBuilder();
    if (a.contains("snapshot")) {
      d.snapshots.keySet().forEach(s -> out.append(name).append('@').append(s).append('\n'));
    } else if (a.contains("-r")) {
      datasets.keySet().stream().filter(n -> n.equals(name) || n.startsWith(name + "/")).forEach(n -> out.append(n).append('\n'));
    } else {
      out.append(name).append('\n');
    }
    return result(0, out.toString(), "");
  }

  private CommandResult destroy(String name) {
    Dataset d = datasets.get(name);
    if (d == null) {
      return result(1, "", "dataset does not exist");
    }
    if (!d.snapshots.isEmpty() || datasets.values().stream().anyMatch(o -> o.originOf == d)) {
      return result(1, "", "cannot destroy '" + name + "': filesystem has children");
    }
    datasets.remove(name);
    return ok();
  }
}
