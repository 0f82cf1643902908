package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;

/**
 * How restores of an instance run.
 *
 * @param requireApproval a second person must approve before anything changes; true when absent
 * @param approvalTimeout how long a restore waits for approval before ending with nothing changed; 4 h when absent
 * @param onFailure what a restore that fails after stopping Bitbucket does: {@code restore-previous}
 *     (the default: put the previous home and database back and start again) or {@code leave-stopped}
 * @param integrityCheck set {@code disaster.recovery=true} in bitbucket.properties for the first start; false when absent
 * @param propertiesFile the bitbucket.properties to edit; {@code <first mount>/bitbucket.properties} when absent
 *     (the first mount being the shared home)
 * @param stopTimeout how long Bitbucket may take to stop answering RUNNING; 5 min when absent
 * @param startTimeout how long Bitbucket may take to answer RUNNING after the start; 15 min when absent
 * @param deadline how long a restore may run once approved; when it passes, the restore stops and its undo
 *     runs (as for any failure after the stop); 24 h when absent
 */
public record RestoreConfig(Boolean requireApproval, Duration approvalTimeout, OnFailure onFailure, Boolean integrityCheck,
                            String propertiesFile, Duration stopTimeout, Duration startTimeout,
                            Duration deadline) {
  public RestoreConfig {
    requireApproval = requireApproval == null || requireApproval;
    approvalTimeout = approvalTimeout == null ? Duration.ofHours(4) : approvalTimeout;
    onFailure = onFailure == null ? OnFailure.RESTORE_PREVIOUS : onFailure;
    integrityCheck = integrityCheck != null && integrityCheck;
    stopTimeout = stopTimeout == null ? Duration.ofMinutes(5) : stopTimeout;
    startTimeout = startTimeout == null ? Duration.ofMinutes(15) : startTimeout;
    deadline = deadline == null ? Duration.ofHours(24) : deadline;
  }

  /** The defaults. */
  public static RestoreConfig defaults() {
    return new RestoreConfig(null, null, null, null, null, null, null, null);
  }

  /** What a failed restore does once Bitbucket was stopped. */
  public enum OnFailure {
    RESTORE_PREVIOUS,
    LEAVE_STOPPED;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static OnFailure of(String id) {
      return valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
