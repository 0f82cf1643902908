package dev.runbook.activities.config;

import dev.runbook.workflows.config.BackupMode;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What a provider's {@link ProviderConfig#check} reports problems through. Keys are relative to the
 * provider's own mapping ({@code snapshotDir}, {@code datasets[0]}); each problem gets its full YAML
 * path and line, as every other problem of {@code config validate} does.
 */
public final class ProviderChecks {
  private final ConfigValidator v;
  private final String at;
  private final InstanceConfig instance;

  ProviderChecks(ConfigValidator v, String at, InstanceConfig instance) {
    this.v = v;
    this.at = at;
    this.instance = instance;
  }

  /** The instance the provider belongs to, for checks across settings (its mode, its home mounts). */
  public InstanceConfig instance() {
    return instance;
  }

  /** The instance's backup mode. */
  public BackupMode mode() {
    return instance.mode();
  }

  /** The full YAML path of {@code key}. */
  public String path(String key) {
    return at + "." + key;
  }

  /** Reports a problem at {@code key}. */
  public void add(String key, String message) {
    v.add(path(key), message);
  }

  /** Reports {@code key} as required when it is absent or blank; true when present. */
  public boolean require(String key, Object value) {
    return v.require(path(key), value);
  }

  /** Reports a relative path (and an absent one when {@code required}); true when it is usable. */
  public boolean absolute(String key, String value, boolean required) {
    return v.absolute(path(key), value, required);
  }

  /** Reports a duration that is zero or negative. */
  public void positive(String key, Duration d) {
    v.positive(path(key), d);
  }

  /** Reports a value that does not match {@code pattern} as "not {@code what}"; true when absent or matching. */
  public boolean matches(String key, String value, Pattern pattern, String what) {
    return v.matches(path(key), value, pattern, what);
  }

  /** Reports a secret reference of the wrong form, or one that does not resolve when secrets are checked. */
  public void secret(String key, SecretRef ref) {
    v.secret(path(key), ref);
  }

  /** Reports {@code freeze: true} for providers that must never freeze, with the reason. */
  public void refuseFreeze(Boolean freeze, String reason) {
    if (Boolean.TRUE.equals(freeze)) {
      add("freeze", "must not be true: " + reason);
    }
  }
}
