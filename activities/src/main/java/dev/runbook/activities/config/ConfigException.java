package dev.runbook.activities.config;

import java.nio.file.Path;
import java.util.List;

/** The configuration file cannot be used; {@link #problems()} lists every problem found. */
public final class ConfigException extends RuntimeException {
  private final Path file;
  private final List<Problem> problems;

  public ConfigException(Path file, List<Problem> problems) {
    super(file + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ": "
        + problems.get(0) + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : ""));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  public Path file() {
    return file;
  }

  public List<Problem> problems() {
    return problems;
  }
}
