package dev.runbook.activities.exec;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Shell quoting and masking, for commands sent over SSH and for what is logged. */
public final class Shell {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
  static final String MASK = "***";

  private Shell() {}

  /** {@code word} quoted for a POSIX shell, unchanged when it needs no quoting. */
  public static String quote(String word) {
    if (!word.isEmpty() && SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }

  /**
   * The argument vector {@code command} runs: with {@code sudo -n} in front when privileged on a sudo
   * host. sudo drops the environment, so the command's variables are named in {@code --preserve-env}
   * (sudoers needs the SETENV tag for such commands; see docs/security.md).
   */
  static List<String> argv(Command command, boolean sudo) {
    if (!(command.privileged() && sudo)) {
      return command.argv();
    }
    List<String> withSudo = new java.util.ArrayList<>(List.of("sudo", "-n"));
    List<String> keep = new java.util.ArrayList<>(command.env().keySet());
    keep.addAll(command.secretEnv().keySet());
    if (!keep.isEmpty()) {
      withSudo.add("--preserve-env=" + String.join(",", keep));
    }
    withSudo.add("--");
    withSudo.addAll(command.argv());
    return withSudo;
  }

  /**
   * A POSIX sh script that runs {@code "$@"} in its own session and kills that whole process group
   * (TERM, then KILL after 2 s) when a line arrives on stdin or stdin closes: when the caller asks,
   * and when the caller dies (its end of the pipe or connection closes). So no command outlives the
   * agent or control worker that started it, and a retried step never races an orphaned one.
   */
  static final String WATCHDOG = "exec 3<&0; setsid \"$@\" </dev/null 3<&- & pid=$!; "
      + "{ IFS= read -r _ <&3; kill -TERM \"-$pid\" 2>/dev/null; sleep 2; kill -KILL \"-$pid\" 2>/dev/null; } & "
      + "w=$!; wait \"$pid\"; s=$?; kill \"$w\" 2>/dev/null; exit \"$s\"";

  /** {@code text} with every value of {@code secrets} replaced by {@value #MASK}. */
  static String mask(String text, Map<String, String> secrets) {
    String out = text;
    for (String value : secrets.values()) {
      if (value != null && value.length() >= 3) {
        out = out.replace(value, MASK);
      }
    }
    return out;
  }
}
