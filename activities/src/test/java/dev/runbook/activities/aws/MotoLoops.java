package dev.runbook.activities.aws;

import dev.runbook.testkit.LoopFilesystems;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A moto server and loop filesystems for a test class whose loop devices stand in for attached EBS volumes
 * (moto keeps no volume data). As a static {@code @RegisterExtension} field it starts both before the class,
 * skipping the class on a machine without loop devices, and closes them after it.
 */
public final class MotoLoops implements BeforeAllCallback, AfterAllCallback {
  private MotoAccount aws;
  private LoopFilesystems fs;

  @Override
  public void beforeAll(ExtensionContext context) {
    String why = LoopFilesystems.unavailableBecause();
    Assumptions.assumeTrue(why == null, "loop device tests skipped: " + why);
    aws = new MotoAccount();
    fs = LoopFilesystems.create();
  }

  /** The moto server, with the SDK's credentials set. */
  public MotoAccount aws() {
    return aws;
  }

  /** The loop filesystems, in a directory of their own. */
  public LoopFilesystems fs() {
    return fs;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (fs != null) {
        fs.close();
      }
    } finally {
      if (aws != null) {
        aws.close();
      }
    }
  }
}
