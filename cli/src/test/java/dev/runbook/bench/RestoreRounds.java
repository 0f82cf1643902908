package dev.runbook.bench;

import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.backup.BackupResult;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.restore.RestoreInput;
import dev.runbook.workflows.restore.RestoreWorkflow;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * (d) A restore of {@code prod} (no approval, no integrity check) on the real server against the same
 * commands run bare: stop the services and wait until /status stops answering RUNNING, move the home
 * aside and put a writable snapshot of the restore point in its place, rename the database aside and
 * {@code pg_restore --create -jN} the dump, start the services and wait for RUNNING (both waits poll every
 * 100 ms). What each side kept aside is deleted between rounds, outside the timing.
 */
final class RestoreRounds {
  private RestoreRounds() {}

  static void measure(BenchFixture f, int rounds) throws Exception {
    FreezeWindow.freshSecond();
    BackupResult point = FreezeWindow.backup(f, "prod");
    String snapshot = point.artifacts().stream().filter(a -> Artifact.HOME.equals(a.kind())).findFirst().orElseThrow().location();
    String dump = point.artifacts().stream().filter(a -> Artifact.DATABASE.equals(a.kind())).findFirst().orElseThrow().location();
    int jobs = f.jobs > 0 ? f.jobs : 4;
    String status = f.bitbucket.baseUrl() + "/status";
    Path bare = f.script("bare-restore.sh", """
        export PGPASSWORD=$(cat %1$s)
        s=$(date +%%s%%N)
        %2$s
        while curl -sf %3$s | grep -q RUNNING; do sleep 0.1; done
        mv %4$s %4$s.bare-kept
        btrfs subvolume snapshot %5$s %4$s > /dev/null
        psql -X -q -h 127.0.0.1 -p %6$d -U postgres -d postgres -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = 'bitbucket'" \\
          -c 'ALTER DATABASE bitbucket RENAME TO bitbucket_bare_kept' > /dev/null
        pg_restore --create --exit-on-error --no-password --jobs=%7$d -h 127.0.0.1 -p %6$d -U postgres --dbname=postgres %8$s
        %9$s
        until curl -sf %3$s | grep -q RUNNING; do sleep 0.1; done
        e=$(date +%%s%%N)
        echo $((e-s))
        """.formatted(f.pgPassword, f.stop, status, f.home, snapshot, f.pg.port(), jobs, dump, f.start));
    Samples shell = new Samples();
    Samples run = new Samples();
    for (int i = 0; i < rounds + 1; i++) {
      double bareMs = BenchFixture.timed(bare);
      clean(f);
      FreezeWindow.freshSecond(); // the run keeps the previous database under a name with seconds
      RestoreWorkflow w = f.stack.client().newWorkflowStub(RestoreWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).build());
      long start = System.nanoTime();
      var r = w.restore(new RestoreInput("prod", point.restorePointId(), false, true, Trigger.MANUAL, "benchmark"));
      double took = (System.nanoTime() - start) / 1e6;
      BackupOverhead.trace(i, took, bareMs, r.steps());
      clean(f);
      if (i >= 1) {
        shell.add(bareMs);
        run.add(took);
      }
    }
    System.out.printf(Locale.ROOT, "(d) restore, %d rounds (pg_restore -j%d): bare commands %s; runbook run %s; "
            + "ratio %.2f (goal <= 1.1)%n", shell.size(), jobs, shell.describe(0), run.describe(0), run.median() / shell.median());
  }

  /** Deletes the homes and databases a restore kept aside. */
  private static void clean(BenchFixture f) throws Exception {
    try (var entries = Files.list(f.home.getParent())) {
      for (Path p : entries.filter(p -> p.getFileName().toString().matches(f.home.getFileName() + "\\.(pre-restore-.*|bare-kept)")).toList()) {
        f.run(List.of("btrfs", "subvolume", "delete", p.toString()));
      }
    }
    for (String db : f.pg.psql("postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'bitbucket\\_%'").lines().toList()) {
      f.pg.psql("postgres", "DROP DATABASE \"" + db.strip() + "\"");
    }
  }
}
