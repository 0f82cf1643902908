package dev.runbook.bench;

import dev.runbook.activities.exec.CommandTimes;
import dev.runbook.workflows.backup.BackupResult;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.run.StepView;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * (b) A whole zero-downtime backup of {@code prod} (claim to retention) on the real server against the
 * same commands run bare by a shell: Bitbucket's version, then the btrfs snapshot and {@code pg_dump -Fd
 * -jN} in parallel. Overhead = run wall time minus bare wall time, round by round.
 */
final class BackupOverhead {
  private BackupOverhead() {}

  static void measure(BenchFixture f, int rounds) throws Exception {
    int jobs = f.jobs > 0 ? f.jobs : 4;
    Path bare = f.script("bare-backup.sh", """
        export PGPASSWORD=$(cat %1$s)
        s=$(date +%%s%%N)
        curl -sf -u a:b %2$s/rest/api/1.0/application-properties > /dev/null
        btrfs subvolume snapshot -r %3$s %4$s/bare > /dev/null & h=$!
        pg_dump --format=directory --jobs=%5$d %6$s --file=%7$s/bare & d=$!
        wait $h; wait $d
        e=$(date +%%s%%N)
        btrfs subvolume delete %4$s/bare > /dev/null; rm -rf %7$s/bare
        echo $((e-s))
        """.formatted(f.pgPassword, f.bitbucket.baseUrl(), f.home, f.snapshots, jobs, f.pgArgs("bitbucket"), f.backups));
    Samples shell = new Samples();
    Samples run = new Samples();
    Samples commands = new Samples();
    for (int i = 0; i < rounds + 1; i++) {
      double bareMs = BenchFixture.timed(bare);
      FreezeWindow.freshSecond();
      CommandTimes.record();
      long startedEpochMs = System.currentTimeMillis();
      long start = System.nanoTime();
      BackupResult r = FreezeWindow.backup(f, "prod");
      long took = System.nanoTime() - start;
      long ran = CommandTimes.stop();
      clean(f, r);
      trace(i, took / 1e6, bareMs, r.steps());
      HistoryTrace.print(f.stack.client(), HistoryTrace.last, startedEpochMs);
      if (i >= 1) { // the first round warms up the JVM, the server and the page cache
        shell.add(bareMs);
        run.add(took / 1e6);
        commands.add(ran / 1e6);
      }
    }
    Samples overhead = Samples.minus(run, shell);
    System.out.printf(Locale.ROOT, "(b) backup overhead, %d rounds (pg_dump -j%d): bare commands %s; runbook run %s "
            + "(its commands running %.0f ms); overhead median %.0f ms (min %.0f, max %.0f); ratio %.2f (goal: overhead <= 150 ms)%n",
        shell.size(), jobs, shell.describe(0), run.describe(0), commands.median(), overhead.median(), overhead.min(),
        overhead.max(), run.median() / shell.median());
  }

  /** With {@code -Dbench.trace=true}: a run's steps, in ms from its first step's start, for finding where time goes. */
  static void trace(int round, double runMs, double bareMs, List<StepView> steps) {
    if (Boolean.getBoolean("bench.trace")) {
      long t0 = steps.get(0).startedAt().toEpochMilli();
      System.out.printf(Locale.ROOT, "round %d: run %.0f ms, bare %.0f ms%n", round, runMs, bareMs);
      steps.forEach(s -> System.out.printf(Locale.ROOT, "  %5d %5d  %s%n", s.startedAt().toEpochMilli() - t0,
          s.endedAt().toEpochMilli() - t0, s.name()));
    }
  }

  /** Deletes what a benchmark backup made (outside the timing): the dumps would fill the disk. */
  static void clean(BenchFixture f, BackupResult r) throws Exception {
    for (Artifact a : r.artifacts()) {
      if (Artifact.HOME.equals(a.kind())) {
        f.run(List.of("btrfs", "subvolume", "delete", a.location()));
      } else {
        f.run(List.of("rm", "-rf", Path.of(a.location()).getParent().toString()));
      }
    }
  }
}
