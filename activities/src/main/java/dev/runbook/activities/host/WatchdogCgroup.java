package dev.runbook.activities.host;

import dev.runbook.activities.exec.Shell;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The cgroup v2 directory a freeze's thaw watchdog is moved into, so that it survives the end of the
 * process that froze. Under systemd, stopping, restarting or crashing a unit kills every process of
 * the unit's cgroup, and {@code setsid} does not leave a cgroup; a watchdog moved into a cgroup outside
 * the unit's is not killed with it. Configured by the environment variable {@value #VARIABLE} of the
 * agent (or of {@code runbook up}), which its systemd unit sets; unset or empty, the watchdog stays
 * where it was started (enough without systemd).
 *
 * @param dir the absolute path of the cgroup directory, for example {@code /sys/fs/cgroup/runbook-watchdog}
 */
public record WatchdogCgroup(String dir) {
  /** The environment variable that names the directory. */
  public static final String VARIABLE = "RUNBOOK_WATCHDOG_CGROUP";

  public WatchdogCgroup {
    Path p = Path.of(dir);
    if (!p.isAbsolute() || !p.normalize().toString().equals(dir) || dir.equals("/")) {
      throw new IllegalArgumentException(VARIABLE + " must be the absolute, normalized path of a cgroup v2 directory "
          + "such as /sys/fs/cgroup/runbook-watchdog, not '" + dir + "'");
    }
  }

  /** The directory {@code env} names, if any; an invalid value is an {@link IllegalArgumentException}. */
  public static Optional<WatchdogCgroup> fromEnvironment(Map<String, String> env) {
    String value = env.getOrDefault(VARIABLE, "").strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(new WatchdogCgroup(value));
  }

  /**
   * Shell commands that move the shell running them ({@code $$}) into this cgroup, creating it when
   * missing; every process it starts afterwards is born there. They exit 3, with the reason on stderr,
   * when the directory is not on a cgroup v2 filesystem or the move is refused.
   *
   * @param sudo write through {@code sudo -n} (an agent running as a user other than root)
   */
  public String moveSelf(boolean sudo) {
    String s = sudo ? "sudo -n " : "";
    // The filesystem check matters: a directory made by mkdir outside cgroup2 (say /sys/fs/cgroup of a
    // hybrid layout, or a typo) would accept nothing useful, and a cgroup v1 move would not escape systemd.
    return "d=" + Shell.quote(dir) + "; { [ -d \"$d\" ] || " + s + "mkdir -p \"$d\"; }"
        + " && [ \"$(stat -f -c %T \"$d\")\" = cgroup2fs ]"
        + " && echo $$ | " + s + "tee \"$d/cgroup.procs\" >/dev/null"
        + " || { echo \"$d is not a cgroup v2 directory this agent may move processes into\" >&2; exit 3; }";
  }
}
