package dev.runbook.workflows.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a backup keeps the home and the database consistent. */
public enum BackupMode {
  /** Atomic snapshots while Bitbucket keeps serving (needs Bitbucket 4.8 or later). The default. */
  ZERO_DOWNTIME,
  /** Bitbucket's maintenance lock is held while the backup runs. */
  LOCKED;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static BackupMode of(String id) {
    return valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
