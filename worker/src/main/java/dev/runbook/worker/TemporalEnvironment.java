package dev.runbook.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Temporal's own client settings, read with the SDK's {@code temporal-envconfig}: the profile file
 * ({@code $TEMPORAL_CONFIG_FILE}, else {@code ~/.config/temporalio/temporal.toml}; profile
 * {@code $TEMPORAL_PROFILE}, else {@code default}) overlaid by {@code TEMPORAL_ADDRESS},
 * {@code TEMPORAL_NAMESPACE}, {@code TEMPORAL_API_KEY} and {@code TEMPORAL_TLS*}, the same settings the
 * {@code temporal} CLI reads. TLS material is taken from files only: the {@code *_DATA} forms are refused.
 */
public final class TemporalEnvironment {
  private TemporalEnvironment() {}

  /** This process's settings. */
  public static SettingsLayer current() {
    return read(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * The settings that {@code env} and the profile file give; {@code home} locates the default file.
   *
   * @throws TemporalSettings.SettingsException when the file or a variable cannot be used
   */
  public static SettingsLayer read(Map<String, String> env, Path home) {
    String named = env.get("TEMPORAL_CONFIG_FILE");
    Path file = named != null && !named.isBlank() ? Path.of(named) : home.resolve(".config/temporalio/temporal.toml");
    String profile = env.getOrDefault("TEMPORAL_PROFILE", "");
    boolean useFile = Files.isRegularFile(file);
    if (!useFile && (named != null && !named.isBlank() || !profile.isEmpty())) {
      throw new TemporalSettings.SettingsException("Temporal profile file " + file + " (TEMPORAL_CONFIG_FILE / "
          + "TEMPORAL_PROFILE) is not a readable file: create it or unset those variables");
    }
    LoadClientConfigProfileOptions.Builder options = LoadClientConfigProfileOptions.newBuilder()
        .setEnvOverrides(env).setDisableFile(!useFile);
    if (useFile) {
      options.setConfigFilePath(file.toString());
    }
    ClientConfigProfile p;
    try {
      p = ClientConfigProfile.load(options.build());
    } catch (IOException e) {
      // Only the line: a parser's message may quote the file, and the file may hold an API key.
      int line = e instanceof JsonProcessingException j && j.getLocation() != null ? j.getLocation().getLineNr() : 0;
      throw new TemporalSettings.SettingsException(file + ": not a valid Temporal profile file (TOML)"
          + (line > 0 ? " at line " + line : "") + ": fix it, or point TEMPORAL_CONFIG_FILE elsewhere");
    } catch (IllegalArgumentException e) {
      throw new TemporalSettings.SettingsException(file + ": no profile '" + profile + "' (TEMPORAL_PROFILE): "
          + "name a profile the file defines");
    }
    String source = "the Temporal environment (TEMPORAL_* variables" + (useFile ? ", profile '"
        + (profile.isEmpty() ? "default" : profile) + "' of " + file : "") + ")";
    return layer(source, p);
  }

  private static SettingsLayer layer(String source, ClientConfigProfile p) {
    String key = blankToNull(p.getApiKey());
    ClientConfigTLS t = p.getTls();
    if (t == null) {
      return new SettingsLayer(source, blankToNull(p.getAddress()), blankToNull(p.getNamespace()), null, null, null,
          null, null, key == null ? null : () -> key);
    }
    refuseInline(source, t.getServerCACertData(), "TEMPORAL_TLS_SERVER_CA_CERT_PATH");
    refuseInline(source, t.getClientCertData(), "TEMPORAL_TLS_CLIENT_CERT_PATH");
    refuseInline(source, t.getClientKeyData(), "TEMPORAL_TLS_CLIENT_KEY_PATH");
    if (Boolean.TRUE.equals(t.isDisableHostVerification())) {
      throw new TemporalSettings.SettingsException(source + " turns host verification off, which runbook does not "
          + "do: give the server's CA (TEMPORAL_TLS_SERVER_CA_CERT_PATH) and, if needed, TEMPORAL_TLS_SERVER_NAME");
    }
    Boolean on = t.isDisabled() == null ? Boolean.TRUE : Boolean.valueOf(!t.isDisabled());
    return new SettingsLayer(source, blankToNull(p.getAddress()), blankToNull(p.getNamespace()), on,
        SettingsLayer.path(t.getServerCACertPath()), SettingsLayer.path(t.getClientCertPath()),
        SettingsLayer.path(t.getClientKeyPath()), blankToNull(t.getServerName()), key == null ? null : () -> key);
  }

  private static void refuseInline(String source, byte[] data, String instead) {
    if (data != null && data.length > 0) {
      throw new TemporalSettings.SettingsException(source + " gives TLS material inline (*_DATA); runbook reads "
          + "PEM files: give the file's path in " + instead + " (or *_path in the profile) instead");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
