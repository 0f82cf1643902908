package dev.runbook.cli.internal;

import dev.runbook.activities.catalog.Catalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The demo's scenario. It lives in the demo jar (module {@code demo}), which carries the Bitbucket
 * simulator and the test fixtures that the product jar must not; {@code runbook demo} finds it through
 * {@link java.util.ServiceLoader}.
 */
public interface DemoRunner {
  /**
   * Runs the demo and returns its exit code.
   *
   * @param dir where its configuration, passwords, dumps and Temporal store go
   * @param catalog the catalog its runs are recorded in
   * @param keepRunning keep everything running afterwards until Ctrl-C
   */
  int run(Path dir, Catalog catalog, boolean keepRunning, PrintWriter out) throws IOException;
}
