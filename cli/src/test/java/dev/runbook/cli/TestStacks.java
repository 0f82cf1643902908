package dev.runbook.cli;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.worker.DevServerOptions;
import dev.runbook.worker.LocalStack;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** What the end-to-end tests start around the CLI, and how they stop it. */
final class TestStacks {
  private TestStacks() {}

  /**
   * Temporal's real server (in memory, free port, no UI, its log beside the catalog) and this process's
   * workers on {@code config}, recording in a SQLite catalog.
   */
  static LocalStack local(Path config, Path catalogFile) {
    return local(config, catalogFile, false);
  }

  /** As {@link #local(Path, Path)}, with the server's Web UI on a free port when {@code ui} is true. */
  static LocalStack local(Path config, Path catalogFile, boolean ui) {
    DevServerOptions server = DevServerOptions.ephemeral(catalogFile.resolveSibling("temporal.log"));
    return LocalStack.start(null, ui ? server.withPorts(0, 0) : server, new ConfigSource(config),
        Catalog.open(CatalogLocation.sqlite(catalogFile), new Secrets(Map.of())), new Secrets(Map.of()));
  }

  /** As {@link #local(Path, Path)}, with this process's metrics served by {@code metrics}. */
  static LocalStack local(Path config, Path catalogFile, dev.runbook.worker.metrics.MetricsEndpoint metrics) {
    DevServerOptions server = DevServerOptions.ephemeral(catalogFile.resolveSibling("temporal.log"));
    return LocalStack.start(null, server, new ConfigSource(config),
        Catalog.open(CatalogLocation.sqlite(catalogFile), new Secrets(Map.of())), new Secrets(Map.of()), metrics);
  }

  /**
   * The loop filesystems for a test class that needs root and loop devices; the class is skipped, saying
   * {@code skipped} and why, on a machine without them.
   */
  static LoopFilesystems loopFilesystems(String skipped) {
    String why = LoopFilesystems.unavailableBecause();
    Assumptions.assumeTrue(why == null, skipped + ": " + why);
    return LoopFilesystems.create();
  }

  /**
   * Closes each in order, skipping nulls; one that fails does not keep the rest open, and its failure is
   * thrown last. Before a stack closes, every run its server knows is replayed ({@link RecordedHistories}).
   */
  static void closeAll(AutoCloseable... all) throws Exception {
    Throwable first = null;
    for (AutoCloseable c : all) {
      try {
        if (c instanceof LocalStack stack) {
          RecordedHistories.replayAll(stack.client());
        }
      } catch (Exception | AssertionError e) {
        first = first == null ? e : first;
      }
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first instanceof Exception e) {
      throw e;
    }
    if (first != null) {
      throw (AssertionError) first;
    }
  }
}
