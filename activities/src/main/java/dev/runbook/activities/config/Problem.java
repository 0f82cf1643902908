package dev.runbook.activities.config;

/**
 * One problem found in a configuration file.
 *
 * @param path the YAML path, for example {@code instances[0].home.mounts[1]}
 * @param line the 1-based line in the file, or 0 when unknown
 * @param message what is wrong, never including a secret value
 */
public record Problem(String path, int line, String message) {
  /** {@code instances[0].mode: unknown value (line 12)}, as printed by {@code runbook config validate}. */
  @Override
  public String toString() {
    return (path.isEmpty() ? "" : path + ": ") + message + (line > 0 ? " (line " + line + ")" : "");
  }
}
