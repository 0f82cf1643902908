package dev.runbook.activities.config;

import dev.runbook.activities.providers.Providers;

/**
 * The configuration of one provider (a home snapshot provider or a database provider). Each
 * provider's package holds its record; {@link Providers} registers it under its name, and Jackson
 * picks the record by the {@code provider} key.
 */
public interface ProviderConfig {
  /** The provider's name as written in the configuration, for example {@code btrfs}. */
  default String provider() {
    return Providers.nameOf(this);
  }

  /** Checks this provider's settings, reporting each problem under its own key; see {@link ProviderChecks}. */
  void check(ProviderChecks checks);
}
