package dev.runbook.activities.home;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.Shell;
import dev.runbook.activities.host.WatchdogCgroup;
import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Freezes mounts around one piece of work, and guarantees they thaw:
 * <ul>
 *   <li>before freezing, a watchdog process is started on the host in its own session (and, when
 *       configured, in a cgroup of its own: {@link WatchdogCgroup}); after {@code maxFreeze} it thaws
 *       every mount in reverse order, even if this process (the agent, or the control worker for SSH
 *       hosts) has been killed, alone or with its whole systemd unit;</li>
 *   <li>mounts are frozen in order and thawed in reverse, including those frozen before a failure;</li>
 *   <li>when the watchdog had to thaw, the work's result is not trusted: {@code FreezeExceeded}.</li>
 * </ul>
 * Nothing that can be done before (lookups, names) belongs inside {@code work}.
 */
public final class Freezer {
  private Freezer() {}

  /** The work's result and the freeze window: from the first freeze to the last thaw. */
  public record Frozen<T>(T value, Instant startedAt, Instant endedAt) {}

  public static <T> Frozen<T> around(HomeJob job, List<String> mounts, Duration maxFreeze, Supplier<T> work) {
    String marker = "/tmp/runbook-thawed-" + job.restorePointId() + "-" + UUID.randomUUID();
    String watchdog = startWatchdog(job, mounts, maxFreeze, marker);
    List<String> frozen = new ArrayList<>();
    // True when a freeze or thaw did not end cleanly: the kernel may still freeze after its process
    // was killed. Then only the watchdog can be trusted to thaw, so it is left running.
    boolean uncertain = false;
    Instant start = Instant.now();
    T value = null;
    RuntimeException failure = null;
    try {
      for (String m : mounts) {
        frozen.add(m); // before the command: if it is interrupted, the mount may be frozen anyway
        CommandResult r;
        try {
          r = job.run(Command.of(Duration.ofSeconds(30), "fsfreeze", "--freeze", m).asPrivileged());
        } catch (RuntimeException e) {
          uncertain = true;
          throw e;
        }
        if (!r.ok()) {
          throw ApplicationFailure.newFailure("could not freeze " + m + ": " + r.lastLine(), FailureTypes.COMMAND_FAILED);
        }
      }
      value = work.get();
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      List<String> reverse = new ArrayList<>(frozen);
      Collections.reverse(reverse);
      for (String m : reverse) {
        uncertain |= !thaw(job, m);
      }
    }
    Instant end = Instant.now();
    boolean fired = uncertain ? false : stopWatchdog(job, watchdog, marker);
    if (fired) {
      // Whatever else went wrong, the overrun is what the operator must know about.
      throw ApplicationFailure.newNonRetryableFailure("the home stayed frozen longer than maxFreeze ("
          + maxFreeze.toMillis() + " ms): the watchdog thawed " + String.join(", ", mounts)
          + " and the snapshot taken meanwhile is discarded", FailureTypes.FREEZE_EXCEEDED);
    }
    if (failure != null) {
      throw failure;
    }
    if (uncertain) {
      throw ApplicationFailure.newFailure("a thaw did not complete; the watchdog thaws " + String.join(", ", mounts)
          + " at the latest " + maxFreeze.toMillis() + " ms after the freeze", FailureTypes.COMMAND_FAILED);
    }
    return new Frozen<>(value, start, end);
  }

  /**
   * Thaws one mount; true when it is thawed (or was not frozen). Runs without the activity's tick,
   * so a cancellation arriving now cannot kill it halfway.
   */
  private static boolean thaw(HomeJob job, String mount) {
    try {
      CommandResult r = job.shell().run(Command.of(Duration.ofSeconds(30), "fsfreeze", "--unfreeze", mount).asPrivileged(),
          () -> { });
      // A mount that is not frozen (the watchdog thawed it, or the freeze never happened) answers "Invalid argument".
      return r.ok() || r.stderr().contains("Invalid argument");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Starts `sleep maxFreeze; thaw in reverse` in its own session, so it outlives this process; returns its pid. */
  private static String startWatchdog(HomeJob job, List<String> mounts, Duration maxFreeze, String marker) {
    boolean sudo = job.host().config().current().host(job.host().hostName()).map(h -> h.sudo()).orElse(false);
    StringBuilder thaw = new StringBuilder();
    List<String> reverse = new ArrayList<>(mounts);
    Collections.reverse(reverse);
    for (String m : reverse) {
      thaw.append(sudo ? "sudo -n fsfreeze --unfreeze " : "fsfreeze --unfreeze ").append(Shell.quote(m)).append("; ");
    }
    String seconds = String.format(Locale.ROOT, "%.3f", maxFreeze.toMillis() / 1000.0);
    String body = "sleep " + seconds + "; touch " + Shell.quote(marker) + "; " + thaw;
    // setsid keeps the watchdog out of the agent's process group, but not out of its cgroup, which
    // systemd kills whole when the agent's unit stops or restarts. With a watchdog cgroup configured,
    // the launching shell first moves itself there, so the watchdog is born outside the agent's cgroup
    // and is never, even briefly, in it; when the move fails, nothing has been frozen yet.
    Optional<WatchdogCgroup> escape = job.host().watchdogCgroup();
    String launch = escape.map(c -> c.moveSelf(sudo) + "; ").orElse("")
        + "setsid sh -c " + Shell.quote(body) + " </dev/null >/dev/null 2>&1 & echo $!";
    CommandResult r = job.run(Command.of(Duration.ofSeconds(10), "sh", "-c", launch));
    String pid = r.stdout().strip();
    if (!r.ok() && escape.isPresent()) {
      throw HomeJob.precondition("not freezing " + String.join(", ", mounts) + ": the thaw watchdog could not be moved "
          + "into cgroup " + escape.get().dir() + " (" + WatchdogCgroup.VARIABLE + "), so a restart of the agent's "
          + "unit would kill it: " + r.stderr().strip().replace('\n', ';'));
    }
    if (!r.ok() || !pid.matches("\\d+")) {
      throw ApplicationFailure.newFailure("could not start the thaw watchdog on " + job.host().hostName() + ": "
          + r.lastLine(), FailureTypes.COMMAND_FAILED);
    }
    return pid;
  }

  /** Stops the watchdog's whole process group; true when it had already thawed. */
  private static boolean stopWatchdog(HomeJob job, String pid, String marker) {
    job.run(Command.of(Duration.ofSeconds(10), "sh", "-c", "kill -TERM -" + pid + " 2>/dev/null; true"));
    CommandResult fired = job.run(Command.of(Duration.ofSeconds(10), "sh", "-c",
        "test -e " + Shell.quote(marker) + " && rm -f " + Shell.quote(marker)));
    return fired.ok();
  }
}
