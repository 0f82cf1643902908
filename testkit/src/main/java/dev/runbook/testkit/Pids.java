package dev.runbook.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process liveness as the kernel sees it: a zombie (killed, not yet reaped) counts as dead. */
public final class Pids {
  private Pids() {}

  public static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits up to {@code millis} for {@code pid} to stop running. */
  public static boolean stops(long pid, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (running(pid) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    return !running(pid);
  }
}
