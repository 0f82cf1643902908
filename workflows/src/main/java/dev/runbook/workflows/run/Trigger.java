package dev.runbook.workflows.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What started a run; recorded in the catalog and as the {@code RunbookTrigger} search attribute. */
public enum Trigger {
  /** The {@code runbook} command. */
  CLI,
  /** A Temporal schedule or cron. */
  SCHEDULE,
  /** An incident webhook or an automatic recovery started by another runbook. */
  INCIDENT,
  /** The Temporal Web UI's start form, or any start that carries none of runbook's start attributes. */
  UI,
  /** Started by hand outside the CLI; runs recorded before triggers were read from Temporal. */
  MANUAL;

  /** The lower-case name used in JSON inputs and search attributes. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a trigger name in any case; null or an unknown name means {@link #MANUAL}. Lenient on
   * purpose: an input that fails to decode would fail the workflow task again and again.
   */
  @JsonCreator
  public static Trigger of(String name) {
    if (name == null) {
      return MANUAL;
    }
    for (Trigger t : values()) {
      if (t.name().equalsIgnoreCase(name.trim())) {
        return t;
      }
    }
    return MANUAL;
  }
}
