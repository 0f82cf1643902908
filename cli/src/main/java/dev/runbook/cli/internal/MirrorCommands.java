package dev.runbook.cli.internal;

import dev.runbook.activities.config.MirrorConfig;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.ExitCode;
import java.util.stream.Collectors;

/** Checks a mirror name against the configuration before anything is started. */
public final class MirrorCommands {
  private MirrorCommands() {}

  /**
   * The mirror called {@code name}, or null when {@code name} is null and not required; exit 2 naming the
   * known mirrors otherwise.
   */
  public static MirrorConfig require(RunbookConfig config, String name, ConfigOptions options, boolean required) {
    if (name == null || name.isBlank()) {
      if (required) {
        throw new CliException(ExitCode.INVALID_INPUT, "Missing required option: '--mirror=NAME'");
      }
      return null;
    }
    return config.mirror(name).orElseThrow(() -> new CliException(ExitCode.INVALID_INPUT, "no mirror '" + name
        + "' in " + options.file() + (config.mirrors().isEmpty() ? " (it configures no mirrors)" : " (mirrors: "
        + config.mirrors().stream().map(MirrorConfig::name).collect(Collectors.joining(", ")) + ")")));
  }
}
