package dev.runbook.activities.exec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One command a host step runs: an argument vector, never a shell string, so no value is ever
 * interpreted by a shell.
 *
 * @param argv the program and its arguments
 * @param privileged run through {@code sudo -n} on hosts configured with {@code sudo: true}
 * @param timeout the longest it may run; it is killed after that
 * @param env extra environment variables; shown in logs
 * @param secretEnv environment variables holding secrets: never logged, and their values are masked
 *     in captured output
 */
public record Command(List<String> argv, boolean privileged, Duration timeout, Map<String, String> env,
                      Map<String, String> secretEnv) {
  public Command {
    argv = List.copyOf(argv);
    env = env == null ? Map.of() : Map.copyOf(env);
    secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
  }

  /** An unprivileged command without extra environment. */
  public static Command of(Duration timeout, String... argv) {
    return new Command(List.of(argv), false, timeout, Map.of(), Map.of());
  }

  /** This command, privileged. */
  public Command asPrivileged() {
    return new Command(argv, true, timeout, env, secretEnv);
  }

  /** This command with {@code env} added. */
  public Command withEnv(Map<String, String> more) {
    Map<String, String> merged = new java.util.LinkedHashMap<>(env);
    merged.putAll(more);
    return new Command(argv, privileged, timeout, merged, secretEnv);
  }

  /** How the command is shown in logs and step details: the argument vector, secrets never included. */
  public String display() {
    StringBuilder b = new StringBuilder();
    env.forEach((k, v) -> b.append(k).append('=').append(Shell.quote(v)).append(' '));
    secretEnv.keySet().forEach(k -> b.append(k).append("=*** "));
    b.append(String.join(" ", argv.stream().map(Shell::quote).toList()));
    return b.toString();
  }
}
