package dev.runbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What Linux says about a process, read from {@code /proc}: its peak resident memory and its CPU time. */
final class ProcStats {
  /** Clock ticks per second of {@code /proc/PID/stat}'s times: 100 on every Linux this runs on ({@code getconf CLK_TCK}). */
  private static final double TICKS = 100.0;

  private ProcStats() {}

  /** The peak resident set size in MiB ({@code VmHWM}: the kernel's own high-water mark), or -1 once it has exited. */
  static double peakRssMiB(long pid) {
    return statusKiB(pid, "VmHWM:") / 1024.0;
  }

  /** User plus system CPU seconds the process has used so far (its threads included), or -1 once it has exited. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS; // fields 14 and 15: utime, stime
    } catch (IOException e) {
      return -1;
    }
  }

  /** The first descendant of {@code pid} whose command is {@code name} (Temporal's server under {@code runbook server}). */
  static Optional<Long> descendant(long pid, String name) {
    return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
        .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals(name)).orElse(false))
        .map(ProcessHandle::pid).findFirst();
  }

  private static long statusKiB(long pid, String key) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(l -> l.startsWith(key)).map(l -> l.substring(key.length()).replace("kB", "").strip())
          .mapToLong(Long::parseLong).findFirst().orElse(-1);
    } catch (IOException e) {
      return -1;
    }
  }
}
