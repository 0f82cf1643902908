package dev.runbook.cli;

import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.DemoRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook demo}: the main job on embedded defaults. The scenario itself ships in the demo jar
 * ({@link DemoRunner}); the product jar only says where to find it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Try runbook with nothing installed but a JDK, Maven, PostgreSQL's server package and Temporal's CLI: "
        + "start a Bitbucket simulator on 127.0.0.1, a private PostgreSQL with sample data, a home on a btrfs loop device "
        + "(as root; else a directory copied under the maintenance lock), Temporal's server with its Web UI, and the "
        + "workers; then run the health check, back up the demo instance, change its data, restore it, and show "
        + "that the data is back; then cut off its Smart Mirror as a staging clone would, and recover it, printing "
        + "each step.",
        "Runs are recorded in the catalog (`runbook history`). Everything else is removed when the demo ends, "
        + "unless --keep-running."})
public final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where the demo's configuration, passwords, dumps and Temporal store go (default: ~/.local/share/runbook/demo).")
  Path dir;

  @Option(names = "--keep-running", description = "Keep everything running afterwards, to try other commands "
      + "against it and look at its runs in the Temporal UI, until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws IOException {
    DemoRunner runner = ServiceLoader.load(DemoRunner.class).findFirst().orElseThrow(() -> new CliException(
        ExitCode.UNEXPECTED_STATE, "the demo is not in this jar: it ships in runbook-demo.jar with the Bitbucket "
        + "simulator; run `./runbook demo` from the source checkout"));
    Path where = dir != null ? dir.toAbsolutePath() : CatalogLocation.dataDirectory(System.getenv()).resolve("demo");
    Files.createDirectories(where);
    return runner.run(where, catalog.open(Optional.empty()), keepRunning, spec.commandLine().getOut());
  }
}
