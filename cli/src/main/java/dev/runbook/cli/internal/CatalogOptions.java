package dev.runbook.cli.internal;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.config.CatalogConfig;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.Secrets;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The catalog location option shared by commands that read or write the catalog. */
public final class CatalogOptions {
  @Option(names = "--catalog", paramLabel = "URL|FILE", converter = InputChecks.Catalog.class,
      description = "Catalog database: a jdbc:sqlite: or jdbc:postgresql: URL, or a SQLite file "
          + "(default: the configuration's catalog, else ~/.local/share/runbook/catalog.db).")
  String catalog;

  /** Where the catalog is, given the configuration (if any). */
  public CatalogLocation location(Optional<RunbookConfig> config) {
    return CatalogLocation.resolve(catalog, config.map(RunbookConfig::catalog).orElse(null));
  }

  /** Opens (and migrates) the catalog, for commands that write; exit 3 when it cannot be reached. */
  public Catalog open(Optional<RunbookConfig> config) {
    return Catalog.open(location(config), new Secrets());
  }

  /**
   * Opens the catalog as it is, without creating or migrating it, for commands that only read; exit 3
   * when there is none there or it cannot be reached.
   */
  public Catalog openReadOnly(Optional<RunbookConfig> config) {
    return Catalog.openReadOnly(location(config), new Secrets());
  }

  /** As {@link #openReadOnly(Optional)}, given the configuration's catalog section alone (null when none). */
  public Catalog openReadOnly(CatalogConfig configured) {
    return Catalog.openReadOnly(CatalogLocation.resolve(catalog, configured), new Secrets());
  }
}
