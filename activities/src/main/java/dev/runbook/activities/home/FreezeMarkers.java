package dev.runbook.activities.home;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.activities.host.HostContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files on the host that tie each freeze to the one attempt that made it, in
 * {@value #DIR_PREFIX}{@code <uid>} (mode 0700, owned by the user that freezes; under /tmp so that
 * it outlives the agent's process but not, where /tmp is cleared, a reboot, which thaws everything).
 * Per attempt, named by its token ({@code <restore point>-<uuid>}):
 * <ul>
 *   <li>{@code <token>.frozen}: the mounts, in thaw order, one a line. Whoever renames it first owns
 *       the thaw: the attempt's own end ({@code .thawing}), its watchdog after {@code maxFreeze}
 *       ({@code .fired}), or a later attempt or a restarted agent ending it as stale ({@code .stale}).
 *       The rename is atomic, so a watchdog whose marker was taken exits without thawing: an earlier
 *       attempt's watchdog can never thaw a later attempt's freeze.</li>
 *   <li>{@code <token>.pid}: the watchdog's pid. A process is only killed when its command line still
 *       names the token, so a pid reused after a reboot is never hit.</li>
 * </ul>
 */
public final class FreezeMarkers {
  /** Where the markers are, followed by the numeric uid of the user that freezes. */
  static final String DIR_PREFIX = "/tmp/runbook-freeze-";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String DIR = "d=" + DIR_PREFIX + "$(id -u); ";

  /** Creates the directory when missing and refuses one that another user could have prepared. */
  static final String OWN_DIR = DIR + "{ [ -d \"$d\" ] || mkdir -m 700 \"$d\"; } && [ ! -L \"$d\" ] && [ -O \"$d\" ] "
      + "|| { echo \"$d is not a directory of $(id -un) only: remove it\" >&2; exit 4; }; ";

  /**
   * Ends the watchdog of token {@code $1}: SIGKILL to its process group when the pid still runs
   * with the token on its command line, then waits (5 s at most) until it is gone.
   */
  private static final String STOP = "stop() { p=$(cat \"$d/$1.pid\" 2>/dev/null); case $p in ''|*[!0-9]*) return 0;; esac; "
      + "alive() { grep -qF -- \"$1\" /proc/$p/cmdline 2>/dev/null; }; "
      + "alive \"$1\" && { kill -KILL \"-$p\" 2>/dev/null || kill -KILL \"$p\" 2>/dev/null; }; "
      + "i=0; while alive \"$1\" && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; }; ";

  /**
   * The watchdog: {@code sh -c WATCHDOG runbook-watchdog DIR TOKEN SECONDS SUDO}. After the delay it
   * claims its marker, or exits without touching anything when someone else has; then it thaws
   * what the marker lists.
   */
  static final String WATCHDOG = "d=$1; t=$2; sleep \"$3\"; p=$4; mv \"$d/$t.frozen\" \"$d/$t.fired\" 2>/dev/null || exit 0; "
      + "while IFS= read -r m; do $p fsfreeze --unfreeze \"$m\"; done < \"$d/$t.fired\"";

  /** {@code sh -c CLAIM runbook TOKEN}: prints owned, fired (its watchdog thawed) or taken (ended as stale). */
  static final String CLAIM = DIR + "if mv \"$d/$1.frozen\" \"$d/$1.thawing\" 2>/dev/null; then echo owned; "
      + "elif [ -e \"$d/$1.fired\" ]; then echo fired; else echo taken; fi";

  /** {@code sh -c REARM runbook TOKEN}: gives the marker back to the watchdog when a thaw did not complete. */
  static final String REARM = DIR + "mv \"$d/$1.thawing\" \"$d/$1.frozen\"";

  /** {@code sh -c END runbook TOKEN}: stops the watchdog, removes the attempt's files. */
  static final String END = DIR + STOP + "stop \"$1\"; rm -f \"$d/$1.\"*";

  /**
   * {@code sh -c STALE runbook [MOUNT...]}: every marker (only those naming one of the mounts, when
   * given) is claimed as stale, its watchdog stopped; prints {@code token<TAB>mount} for each mount
   * to thaw, in thaw order.
   */
  static final String STALE = DIR + STOP + "[ -d \"$d\" ] || exit 0; [ ! -L \"$d\" ] && [ -O \"$d\" ] "
      + "|| { echo \"$d is not a directory of $(id -un) only: remove it\" >&2; exit 4; }; "
      + "for f in \"$d\"/*.frozen \"$d\"/*.fired \"$d\"/*.thawing \"$d\"/*.stale; do [ -f \"$f\" ] || continue; "
      + "t=${f##*/}; t=${t%.*}; "
      + "if [ $# -gt 0 ]; then hit=; for m in \"$@\"; do grep -qxF -- \"$m\" \"$f\" && hit=1; done; [ -n \"$hit\" ] || continue; fi; "
      + "case $f in *.stale) ;; *) mv \"$f\" \"$d/$t.stale\" 2>/dev/null || continue;; esac; stop \"$t\"; "
      + "while IFS= read -r m; do printf '%s\\t%s\\n' \"$t\" \"$m\"; done < \"$d/$t.stale\"; done";

  /** {@code sh -c MARKED runbook}: prints every mount a live marker names (an attempt's freeze, its thaw or its watchdog's). */
  static final String MARKED = DIR + "[ -d \"$d\" ] || exit 0; for f in \"$d\"/*.frozen \"$d\"/*.thawing \"$d\"/*.fired; do "
      + "[ -f \"$f\" ] && cat -- \"$f\"; done; exit 0";

  /** {@code sh -c FORGET runbook TOKEN...}: removes the files of ended stale tokens. */
  static final String FORGET = DIR + "for t in \"$@\"; do rm -f \"$d/$t.\"*; done";

  private FreezeMarkers() {}

  /** Who thaws, as {@link #CLAIM} says; {@code UNKNOWN} when it could not be asked. */
  enum Claim { OWNED, FIRED, TAKEN, UNKNOWN }

  static Claim claim(HostShell shell, String token) {
    try {
      CommandResult r = shell.run(Command.of(TIMEOUT, "sh", "-c", CLAIM, "runbook", token), () -> { });
      return switch (r.ok() ? r.stdout().strip() : "") {
        case "owned" -> Claim.OWNED;
        case "fired" -> Claim.FIRED;
        case "taken" -> Claim.TAKEN;
        default -> Claim.UNKNOWN;
      };
    } catch (RuntimeException e) {
      return Claim.UNKNOWN;
    }
  }

  /** Hands the marker back to the watchdog; best effort (a failure leaves the freeze to a later sweep). */
  static void rearm(HostShell shell, String token) {
    quietly(shell, REARM, List.of(token));
  }

  /** Stops the attempt's watchdog and removes its files; best effort. */
  static void end(HostShell shell, String token) {
    quietly(shell, END, List.of(token));
  }

  /**
   * Ends every stale attempt whose marker names one of {@code mounts} (all of them when empty): its
   * watchdog is stopped before anything else, then every mount its marker lists is thawed (through
   * {@code sudo} where the host has it). Returns the mounts thawed, {@code mount (token)} each.
   *
   * @throws IllegalStateException naming what could not be thawed; the markers of those stay, so a
   *     later attempt or agent start tries again
   */
  public static List<String> thawStale(HostShell shell, List<String> mounts, Runnable tick) {
    List<String> args = new ArrayList<>(List.of("sh", "-c", STALE, "runbook"));
    args.addAll(mounts);
    CommandResult r = shell.run(Command.of(TIMEOUT, args.toArray(String[]::new)), tick);
    if (!r.ok()) {
      throw new IllegalStateException("could not look for freezes left by earlier attempts in " + DIR_PREFIX + "<uid>: "
          + r.lastLine());
    }
    Map<String, List<String>> byToken = new LinkedHashMap<>();
    r.stdout().lines().map(l -> l.split("\t", 2)).filter(p -> p.length == 2)
        .forEach(p -> byToken.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]));
    List<String> thawed = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> ended = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byToken.entrySet()) {
      boolean all = true;
      for (String m : e.getValue()) {
        CommandResult t = shell.run(Command.of(TIMEOUT, "fsfreeze", "--unfreeze", m).asPrivileged(), tick);
        if (t.ok() || t.stderr().contains("Invalid argument")) {
          thawed.add(m + " (" + e.getKey() + ")");
        } else {
          all = false;
          failed.add(m + ": " + t.lastLine());
        }
      }
      if (all) {
        ended.add(e.getKey());
      }
    }
    if (!ended.isEmpty()) {
      quietly(shell, FORGET, ended);
    }
    if (!failed.isEmpty()) {
      throw new IllegalStateException("could not thaw what an earlier attempt froze: " + String.join("; ", failed));
    }
    return thawed;
  }

  /**
   * The mounts some attempt's marker names now: a freeze an attempt made (or is about to make: the marker is
   * written before the freeze), is thawing, or its watchdog thawed. A thaw of a mount outside the protocol leaves
   * these alone.
   *
   * @throws IllegalStateException when the markers cannot be read
   */
  static java.util.Set<String> marked(HostShell shell, Runnable tick) {
    CommandResult r = shell.run(Command.of(TIMEOUT, "sh", "-c", MARKED, "runbook"), tick);
    if (!r.ok()) {
      throw new IllegalStateException("could not read the freeze markers in " + DIR_PREFIX + "<uid>: " + r.lastLine());
    }
    return new java.util.HashSet<>(r.stdout().lines().filter(l -> !l.isEmpty()).toList());
  }

  /**
   * At an agent's start: ends what its earlier process left of freezes of this host's home mounts
   * (the watchdogs, and the mounts still frozen). Returns one line per mount thawed, or a warning;
   * never throws, so an agent still starts and serves its host.
   */
  public static List<String> thawLeftovers(HostContext host) {
    List<String> mounts = host.config().current().instances().stream()
        .filter(i -> host.hostName().equals(i.home().host())).flatMap(i -> i.home().mounts().stream()).toList();
    if (mounts.isEmpty()) {
      return List.of();
    }
    try {
      return host.withShell(shell -> thawStale(shell, mounts, () -> { })).stream()
          .map(m -> "thawed " + m + ", left frozen by an earlier process").toList();
    } catch (RuntimeException e) {
      return List.of("WARNING: " + e.getMessage() + "; thaw by hand with fsfreeze --unfreeze MOUNT");
    }
  }

  private static void quietly(HostShell shell, String script, List<String> args) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "runbook"));
    argv.addAll(args);
    try {
      shell.run(Command.of(TIMEOUT, argv.toArray(String[]::new)), () -> { });
    } catch (RuntimeException e) {
      // Best effort: what is left is found by the next attempt's or agent start's sweep.
    }
  }
}
