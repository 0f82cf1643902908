package dev.runbook.activities.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When commands ran, for benchmarks that separate the time of the commands themselves from
 * orchestration overhead. Off unless {@link #record()} is called; shells report every command.
 */
public final class CommandTimes {
  private static final List<long[]> intervals = new ArrayList<>();
  private static volatile boolean recording;

  private CommandTimes() {}

  /** Starts recording, forgetting earlier intervals. */
  public static synchronized void record() {
    intervals.clear();
    recording = true;
  }

  /** Stops recording and returns how long at least one command was running, in nanoseconds. */
  public static synchronized long stop() {
    recording = false;
    List<long[]> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingLong(i -> i[0]));
    long covered = 0;
    long start = Long.MIN_VALUE;
    long end = Long.MIN_VALUE;
    for (long[] i : sorted) {
      if (i[0] > end) {
        covered += end - start;
        start = i[0];
        end = i[1];
      } else {
        end = Math.max(end, i[1]);
      }
    }
    return sorted.isEmpty() ? 0 : covered + (end - start);
  }

  static void ran(long startNanos, long endNanos) {
    if (recording) {
      synchronized (CommandTimes.class) {
        intervals.add(new long[] {startNanos, endNanos});
      }
    }
  }
}
