package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How the home mounts are snapshotted, chosen by {@code provider}. The implementations live in
 * the providers' packages ({@code dev.runbook.activities.home.<name>}) and are registered in
 * {@link dev.runbook.activities.providers.Providers}; see docs/providers.md.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "provider")
public interface SnapshotConfig extends ProviderConfig {
  /**
   * Null when a snapshot of every mount is one point in time (what zero-downtime backups need);
   * otherwise why it is not, in a sentence for the operator. Null unless a provider says otherwise.
   */
  default String notPointInTime() {
    return null;
  }

  /**
   * True when backups freeze the mounts ({@code fsfreeze}), so a process that died at the wrong moment
   * may have left them frozen and {@code runbook sweep} looks; false unless a provider says otherwise.
   */
  default boolean freezesMounts() {
    return false;
  }
}
