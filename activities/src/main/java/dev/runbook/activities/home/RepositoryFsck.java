package dev.runbook.activities.home;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.workflows.verify.RepositoryCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code git fsck --connectivity-only} on a random sample of the repositories in scratch clones of the
 * home. Bitbucket keeps them at {@code shared/data/repositories/<id>} of its home, or
 * {@code data/repositories/<id>} when the mount is the shared home itself.
 */
final class RepositoryFsck {
  private static final Duration LIST_TIMEOUT = Duration.ofMinutes(10);
  /** One repository's check; big repositories take a while even without reading blobs. */
  private static final Duration FSCK_TIMEOUT = Duration.ofHours(2);
  private static final List<String> ROOTS = List.of("shared/data/repositories", "data/repositories");

  private RepositoryFsck() {}

  /** Checks {@code sample} repositories (all when 0) of the clones at {@code paths}. */
  static RepositoryCheck check(HomeJob job, List<String> paths, int sample) {
    List<String[]> repositories = new ArrayList<>(); // {clone, path relative to it}
    for (String clone : paths) {
      for (String root : ROOTS) {
        CommandResult found = job.run(Command.of(LIST_TIMEOUT, "find", clone + "/" + root, "-mindepth", "1", "-maxdepth",
            "1", "-type", "d", "-printf", "%f\\n").asPrivileged());
        if (found.ok()) {
          found.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).sorted()
              .forEach(name -> repositories.add(new String[] {clone, root + "/" + name}));
        }
      }
    }
    List<String[]> chosen = new ArrayList<>(repositories);
    Collections.shuffle(chosen);
    if (sample > 0 && chosen.size() > sample) {
      chosen = chosen.subList(0, sample);
    }
    List<String> checked = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (String[] repo : chosen) {
      String label = paths.size() == 1 ? repo[1] : repo[0] + ": " + repo[1];
      checked.add(label);
      // safe.directory: the clone belongs to Bitbucket's user, not to whoever runs git here.
      CommandResult r = job.run(Command.of(FSCK_TIMEOUT, "git", "-c", "safe.directory=*", "-C", repo[0] + "/" + repo[1],
          "fsck", "--connectivity-only", "--no-progress").asPrivileged());
      if (!r.ok()) {
        failed.add(label + ": " + (r.lastLine().isEmpty() ? "git fsck exited " + r.exitCode() : r.lastLine()));
      }
    }
    return new RepositoryCheck(repositories.size(), checked, failed);
  }
}
