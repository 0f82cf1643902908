package dev.runbook.bench;

import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.MotoServer;
import java.util.Locale;

/**
 * Issue 15's backup and restore figures, each against bare commands timed in the same run, rounds
 * alternating between the two so that a loaded machine weighs on both alike; everything on Temporal's
 * real server ({@link BenchFixture}). Prints one line per figure: (a) the freeze window of the
 * {@code command} provider, and of {@code ebs} (moto's server); (b) the overhead of a whole backup over
 * its bare commands; (d) a restore against its bare commands. Needs root (loop devices, fsfreeze).
 * Usage: {@code bench/run.sh [--quick]}: the full run uses a pgbench database of scale 20 (about 300 MB)
 * and more rounds; {@code --quick} scale 2 and a few rounds, for a quick check.
 */
public final class BackupBenchmark {
  private BackupBenchmark() {}

  public static void main(String[] args) throws Exception {
    boolean quick = java.util.Arrays.asList(args).contains("--quick");
    String why = LoopFilesystems.unavailableBecause();
    if (why != null) {
      System.err.println("benchmark needs real filesystems: " + why);
      System.exit(2);
    }
    int scale = Integer.getInteger("bench.scale", quick ? 2 : 20);
    int jobs = Integer.getInteger("bench.jobs", 0);
    System.out.printf(Locale.ROOT, "%s run, %d cores, %s%n", quick ? "quick" : "full",
        Runtime.getRuntime().availableProcessors(), java.time.Instant.now());
    try (BenchFixture f = new BenchFixture(scale, jobs)) {
      String only = System.getProperty("bench.only", "a,b,d");
      if (only.contains("a")) {
        FreezeWindow.command(f, quick ? 7 : 21);
        if (MotoServer.unavailableBecause() == null) {
          FreezeWindow.ebs(f, quick ? 7 : 21);
        } else {
          System.out.println("(a) ebs freeze window: not measured, " + MotoServer.unavailableBecause());
        }
      }
      if (only.contains("b")) {
        BackupOverhead.measure(f, quick ? 5 : 15);
      }
      if (only.contains("d")) {
        RestoreRounds.measure(f, quick ? 3 : 5);
      }
    }
    System.exit(0);
  }
}
