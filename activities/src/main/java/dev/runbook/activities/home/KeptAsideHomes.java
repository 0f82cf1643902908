package dev.runbook.activities.home;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.home.HomeThaw;
import dev.runbook.workflows.home.KeptAside;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the sweep does on the home host: lists and deletes the homes restores kept aside
 * ({@link MovedAside}: {@code <mount>.pre-restore-<yyyyMMddHHmmss>}, UTC), and thaws mounts left frozen.
 */
final class KeptAsideHomes {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private static final String SUFFIX = ".pre-restore-";

  private KeptAsideHomes() {}

  static List<KeptAside> list(HomeJob job) {
    List<KeptAside> out = new ArrayList<>();
    for (String mount : job.mounts()) {
      String parent = parent(mount);
      CommandResult r = job.run(Command.of(Duration.ofMinutes(1), "find", parent, "-mindepth", "1", "-maxdepth", "1",
          "-name", name(mount) + SUFFIX + "*", "-printf", "%f\\n"));
      if (!r.ok()) {
        throw ApplicationFailure.newFailure("could not list " + parent + " on " + job.host().hostName() + ": " + r.lastLine(),
            FailureTypes.COMMAND_FAILED);
      }
      Pattern kept = pattern(mount);
      for (String line : r.stdout().lines().toList()) {
        String path = (parent.equals("/") ? "" : parent) + "/" + line;
        Matcher m = kept.matcher(path);
        if (m.matches()) {
          out.add(new KeptAside(job.host().hostName(), job.instance().name(), KeptAside.HOME, path,
              LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC)));
        }
      }
    }
    out.sort(Comparator.comparing(KeptAside::keptAt).thenComparing(KeptAside::name));
    return out;
  }

  /** Deletes one kept home: a btrfs subvolume with {@code btrfs subvolume delete}, anything else with {@code rm -rf}. */
  static void delete(HomeJob job, String path) {
    if (job.mounts().stream().noneMatch(m -> pattern(m).matcher(path).matches())) {
      throw ApplicationFailure.newNonRetryableFailure("refusing to delete " + path + ": not a home a restore of "
          + job.instance().name() + " kept aside (" + String.join(", ", job.mounts().stream().map(m -> m + SUFFIX + "<stamp>")
          .toList()) + ")", FailureTypes.INVALID_INPUT);
    }
    if (job.run(Command.of(Duration.ofMinutes(1), "test", "-L", path)).ok()) {
      // A restore moves directories aside, never links: a link here points somewhere that is not ours to delete.
      throw ApplicationFailure.newNonRetryableFailure("refusing to delete " + path + ": it is a symbolic link, not a home "
          + "a restore kept aside", FailureTypes.PRECONDITION_FAILED);
    }
    if (!MovedAside.exists(job, path)) {
      return;
    }
    if (job.run(Command.of(Duration.ofMinutes(1), "findmnt", "-n", "--mountpoint", path)).ok()) {
      // A zfs restore keeps the dataset aside, mounted here: rm -rf would empty it and leave the dataset.
      throw ApplicationFailure.newNonRetryableFailure(path + " is a mount point (a dataset a zfs restore kept aside?): "
          + "the sweep deletes directories and btrfs subvolumes only; destroy it with its own tools",
          FailureTypes.PRECONDITION_FAILED);
    }
    boolean subvolume = job.run(Command.of(Duration.ofMinutes(1), "btrfs", "subvolume", "show", path).asPrivileged()).ok();
    job.must(subvolume ? Command.of(TIMEOUT, "btrfs", "subvolume", "delete", path).asPrivileged()
        : Command.of(TIMEOUT, "rm", "-rf", "--", path).asPrivileged());
  }

  /**
   * Thaws each configured mount that is frozen, when the provider freezes at all, the way a later attempt of a
   * snapshot does ({@link FreezeMarkers}): first every freeze an attempt left with its marker is claimed as stale
   * (an atomic rename, so neither its watchdog nor the attempt's own end thaws after this, and an attempt still
   * running learns that its freeze was ended), its watchdog stopped, and what its marker lists thawed. Then a mount
   * frozen outside that protocol (by hand, or with the markers gone with /tmp) is thawed, unless a marker names it
   * by then: that is an attempt that started since, and its freeze is its own.
   */
  static HomeThaw thaw(HomeJob job) {
    if (!job.home().snapshot().freezesMounts()) {
      return new HomeThaw(List.of(), "the " + job.home().snapshot().provider() + " provider never freezes");
    }
    List<String> thawed = new ArrayList<>();
    java.util.Set<String> marked;
    try {
      thawed.addAll(FreezeMarkers.thawStale(job.shell(), job.mounts(), job.host()::heartbeat));
      marked = FreezeMarkers.marked(job.shell(), job.host()::heartbeat);
    } catch (IllegalStateException e) {
      throw ApplicationFailure.newFailure(e.getMessage() + " on " + job.host().hostName(), FailureTypes.COMMAND_FAILED);
    }
    for (String mount : job.mounts()) {
      if (marked.contains(mount)) {
        continue;
      }
      CommandResult r = job.run(Command.of(Duration.ofSeconds(30), "fsfreeze", "--unfreeze", mount).asPrivileged());
      if (r.ok()) {
        thawed.add(mount);
      } else if (!r.stderr().contains("Invalid argument")) {
        // "Invalid argument" is the kernel's answer for a mount that is not frozen.
        throw ApplicationFailure.newFailure("could not thaw " + mount + " on " + job.host().hostName() + ": " + r.lastLine(),
            FailureTypes.COMMAND_FAILED);
      }
    }
    return new HomeThaw(thawed, null);
  }

  private static Pattern pattern(String mount) {
    return Pattern.compile(Pattern.quote(mount + SUFFIX) + "(\\d{14})");
  }

  private static String parent(String mount) {
    int slash = mount.lastIndexOf('/');
    return slash <= 0 ? "/" : mount.substring(0, slash);
  }

  private static String name(String mount) {
    return mount.substring(mount.lastIndexOf('/') + 1).replace("[", "\\[").replace("*", "\\*").replace("?", "\\?");
  }
}
