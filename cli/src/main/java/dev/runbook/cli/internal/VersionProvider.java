package dev.runbook.cli.internal;

import dev.runbook.activities.Version;
import picocli.CommandLine.IVersionProvider;

/** {@code runbook --version}. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"runbook " + Version.get(), "Java " + System.getProperty("java.version")};
  }
}
