package dev.runbook.activities.exec;

import java.time.Duration;

/**
 * What a command did. Output is captured up to 64 KiB per stream (the end is kept) with secret
 * values masked.
 *
 * @param exitCode the exit status
 * @param stdout standard output
 * @param stderr standard error
 * @param took how long it ran
 */
public record CommandResult(int exitCode, String stdout, String stderr, Duration took) {
  public boolean ok() {
    return exitCode == 0;
  }

  /** The last non-empty line of stderr, else of stdout: the usual one-line reason of a failure. */
  public String lastLine() {
    String s = lastLineOf(stderr);
    return s.isEmpty() ? lastLineOf(stdout) : s;
  }

  private static String lastLineOf(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
  }
}
