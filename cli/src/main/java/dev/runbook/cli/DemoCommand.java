package dev.runbook.cli;

import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.cli.internal.Blocker;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.CheckRunner;
import dev.runbook.cli.internal.Demo;
import dev.runbook.cli.internal.RunLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook demo}: the main job on embedded defaults: the health check, then a backup of a demo
 * instance whose Bitbucket is a simulator, whose database is a private PostgreSQL with sample data,
 * and whose home is snapshotted for real. The runs land in the catalog.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Try runbook with nothing installed but a JDK, Maven and PostgreSQL's server package: start a "
        + "Bitbucket simulator on 127.0.0.1, a private PostgreSQL with sample data, a home on a btrfs loop device "
        + "(as root; else a directory copied under the maintenance lock), the embedded Temporal server and the "
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
      description = "Where the demo's configuration, passwords and dumps go (default: ~/.local/share/runbook/demo).")
  Path dir;

  @Option(names = "--keep-running", description = "Keep everything running afterwards, to try other commands "
      + "against it, until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path where = dir != null ? dir.toAbsolutePath() : CatalogLocation.dataDirectory(System.getenv()).resolve("demo");
    Files.createDirectories(where);
    Demo demo = Demo.start(where, catalog.open(Optional.empty()), out);
    boolean handedOff = false;
    try {
      RunLauncher launcher = new RunLauncher(demo.stack().client(), demo.stack().target().target(), Duration.ofSeconds(15), out);
      int code = CheckRunner.run(launcher, "demo", false, out);
      if (code == ExitCode.OK) {
        out.println();
        out.println("demo: before the backup: " + demo.describe());
        code = BackupCommand.backup(launcher, "demo", true, out);
      }
      if (code == ExitCode.OK) {
        out.println();
        demo.damage();
        out.println();
        code = RestoreCommand.restore(launcher, "demo", "latest", false, true, true, out);
        out.println();
        out.println("demo: after the restore: " + demo.describe());
      }
      if (code == ExitCode.OK) {
        out.println();
        demo.breakMirror();
        MirrorCheckCommand.check(launcher, "demo-mirror", false, out);
        out.println();
        code = MirrorRecoverCommand.recover(launcher, "demo-mirror", true, out);
        if (code == ExitCode.OK) {
          out.println();
          code = MirrorCheckCommand.check(launcher, "demo-mirror", false, out);
        }
      }
      out.println();
      out.println("next: `runbook history` lists the recorded runs; `runbook show RUN` prints one with its steps.");
      if (keepRunning) {
        out.println("still running: runbook backup -c " + demo.config() + " --instance demo --temporal-target "
            + demo.stack().target().target() + "   (Ctrl-C stops)");
        out.flush();
        handedOff = true;
        Blocker.awaitStop(demo::close);
      }
      return code;
    } finally {
      if (!handedOff) {
        demo.close();
      }
    }
  }
}
