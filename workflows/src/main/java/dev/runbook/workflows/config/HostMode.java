package dev.runbook.workflows.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How host steps reach a host. */
public enum HostMode {
  /** An agent inside the {@code runbook up} process on this machine. */
  LOCAL,
  /** A {@code runbook agent --host NAME} process on that host, polling {@code runbook-host-NAME}. */
  AGENT,
  /** The control worker runs the step over SSH (no agent on the host). */
  SSH;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static HostMode of(String id) {
    return valueOf(id.trim().toUpperCase(Locale.ROOT));
  }
}
