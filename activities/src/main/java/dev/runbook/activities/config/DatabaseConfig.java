package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How the database is backed up, chosen by {@code provider}. The implementations live in the
 * providers' packages ({@code dev.runbook.activities.database.<name>}) and are registered in
 * {@link dev.runbook.activities.providers.Providers}; see docs/providers.md.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "provider")
public interface DatabaseConfig extends ProviderConfig {
  /** The host (from {@code hosts}) where the database steps run. */
  String host();
}
