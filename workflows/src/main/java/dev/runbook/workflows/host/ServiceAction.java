package dev.runbook.workflows.host;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What to do with Bitbucket's services on a node. */
public enum ServiceAction {
  STOP,
  START,
  /** Only report whether they run. */
  STATUS;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ServiceAction of(String id) {
    return valueOf(id.trim().toUpperCase(Locale.ROOT));
  }
}
