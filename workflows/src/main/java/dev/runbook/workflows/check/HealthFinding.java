package dev.runbook.workflows.check;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One problem a health check found, and the verdict it causes on its own.
 *
 * @param level {@link HealthVerdict#DEGRADED} or {@link HealthVerdict#UNHEALTHY}
 * @param text the evidence in one line, naming what is wrong and where
 */
public record HealthFinding(HealthVerdict level, String text) {
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public HealthFinding(@JsonProperty("level") HealthVerdict level, @JsonProperty("text") String text) {
    this.level = level == null ? HealthVerdict.UNHEALTHY : level;
    this.text = text;
  }

  /** A finding that makes the check DEGRADED. */
  public static HealthFinding degraded(String text) {
    return new HealthFinding(HealthVerdict.DEGRADED, text);
  }

  /** A finding that makes the check UNHEALTHY. */
  public static HealthFinding unhealthy(String text) {
    return new HealthFinding(HealthVerdict.UNHEALTHY, text);
  }

  /**
   * A finding as results recorded before levels held it: a plain line. Every finding then made the check
   * unhealthy, so it reads as UNHEALTHY.
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static HealthFinding recordedBefore(String text) {
    return unhealthy(text);
  }

  /** The line as the CLI prints it: the level it causes, then the evidence. */
  @Override
  public String toString() {
    return level + ": " + text;
  }
}
