package dev.runbook.activities.home;

import dev.runbook.testkit.LoopFilesystems;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real loop-mounted filesystems for a test class, as a static {@code @RegisterExtension} field: created before the
 * class and handed to it, closed after it; the class is skipped on a machine without loop devices.
 */
final class LoopFs implements BeforeAllCallback, AfterAllCallback {
  private final Consumer<LoopFilesystems> handTo;
  private LoopFilesystems fs;

  /** {@code handTo} receives the filesystems before the class's first test, typically into a static field. */
  LoopFs(Consumer<LoopFilesystems> handTo) {
    this.handTo = handTo;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String why = LoopFilesystems.unavailableBecause();
    Assumptions.assumeTrue(why == null, "real filesystem tests skipped: " + why);
    fs = LoopFilesystems.create();
    handTo.accept(fs);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (fs != null) {
      fs.close();
    }
  }
}
