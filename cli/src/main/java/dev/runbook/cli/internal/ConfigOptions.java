package dev.runbook.cli.internal;

import dev.runbook.activities.config.CatalogConfig;
import dev.runbook.activities.config.ConfigLoader;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The configuration file option shared by commands. */
public final class ConfigOptions {
  /** Environment variable naming the configuration file when -c is not given. */
  public static final String ENV = "RUNBOOK_CONFIG";

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", converter = InputChecks.ConfigFile.class,
      description = "Configuration file (default: $" + ENV + ", else ./runbook.yaml).")
  Path file;

  /** The configuration last loaded, so that the Temporal options reuse it instead of reading the file again. */
  private RunbookConfig loaded;

  /** The file to read: -c, else $RUNBOOK_CONFIG, else ./runbook.yaml. */
  public Path file() {
    if (file != null) {
      return file;
    }
    String env = System.getenv(ENV);
    return env != null && !env.isBlank() ? Path.of(env) : Path.of("runbook.yaml");
  }

  /** Loads and validates the file (exit 2 with every problem when invalid); secrets are checked when asked. */
  public RunbookConfig load(boolean checkSecrets) {
    loaded = ConfigLoader.load(file(), checkSecrets ? Optional.of(new Secrets()) : Optional.empty());
    return loaded;
  }

  /** The configuration when one was given or the default file exists; empty when there is none to read. */
  public Optional<RunbookConfig> loadIfPresent() {
    if (loaded != null) {
      return Optional.of(loaded);
    }
    return present() ? Optional.of(load(false)) : Optional.empty();
  }

  /**
   * Only the configuration's catalog section, for commands that only read the catalog: null when there is no file to
   * read or it has no such section. The rest of the file must be YAML with known keys but is not checked further.
   */
  public CatalogConfig catalogIfPresent() {
    if (loaded != null) {
      return loaded.catalog();
    }
    return present() ? ConfigLoader.loadCatalog(file()) : null;
  }

  /** A file was named (-c, $RUNBOOK_CONFIG) or the default one exists. */
  private boolean present() {
    String env = System.getenv(ENV);
    boolean named = file != null || (env != null && !env.isBlank());
    return named || Files.exists(file());
  }
}
