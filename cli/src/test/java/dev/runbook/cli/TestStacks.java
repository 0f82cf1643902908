package dev.runbook.cli;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.worker.DevServerOptions;
import dev.runbook.worker.LocalStack;
import java.nio.file.Path;
import java.util.Map;

/** What the end-to-end tests start around the CLI, and how they stop it. */
final class TestStacks {
  private TestStacks() {}

  /**
   * Temporal's real server (in memory, free port, no UI, its log beside the catalog) and this process's
   * workers on {@code config}, recording in a SQLite catalog.
   */
  static LocalStack local(Path config, Path catalogFile) {
    return LocalStack.start(null, DevServerOptions.ephemeral(catalogFile.resolveSibling("temporal.log")), new ConfigSource(config),
        Catalog.open(CatalogLocation.sqlite(catalogFile), new Secrets(Map.of())), new Secrets(Map.of()));
  }

  /** Closes each in order, skipping nulls; one that fails does not keep the rest open, and its failure is thrown last. */
  static void closeAll(AutoCloseable... all) throws Exception {
    Exception first = null;
    for (AutoCloseable c : all) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
