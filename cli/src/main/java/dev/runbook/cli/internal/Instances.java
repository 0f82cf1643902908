package dev.runbook.cli.internal;

import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.ExitCode;
import java.util.stream.Collectors;

/** Checks an instance name against the configuration before anything is started. */
public final class Instances {
  private Instances() {}

  /** The instance called {@code name}; exit 2 naming the known ones otherwise. */
  public static InstanceConfig require(RunbookConfig config, String name, ConfigOptions options) {
    if (name == null || name.isBlank()) {
      throw new CliException(ExitCode.INVALID_INPUT, "Missing required option: '--instance=NAME'");
    }
    return config.instance(name).orElseThrow(() -> new CliException(ExitCode.INVALID_INPUT, "no instance '" + name
        + "' in " + options.file() + " (instances: "
        + config.instances().stream().map(InstanceConfig::name).collect(Collectors.joining(", ")) + ")"));
  }
}
