package dev.runbook.demo;

import dev.runbook.activities.audit.InstanceStatus;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.ConfigLoader;
import dev.runbook.cli.BackupCommand;
import dev.runbook.cli.ExitCode;
import dev.runbook.cli.MirrorCheckCommand;
import dev.runbook.cli.MirrorRecoverCommand;
import dev.runbook.cli.RestoreCommand;
import dev.runbook.cli.StatusCommand;
import dev.runbook.cli.VerifyCommand;
import dev.runbook.cli.internal.Blocker;
import dev.runbook.cli.internal.CheckRunner;
import dev.runbook.cli.internal.DemoRunner;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.StatusTemporal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo's story: the health check, a backup of the demo instance, damage, a restore that brings the
 * data back, a verification of the restore point in scratch space, the instance's status, then the staging-clone incident on its mirror, checked, recovered and checked again.
 */
public final class DemoScenario implements DemoRunner {
  @Override
  public int run(Path dir, Catalog catalog, boolean keepRunning, PrintWriter out) throws IOException {
    Demo demo = Demo.start(dir, catalog, out);
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
        // Proves the restore point restores, in scratch space; status then shows the verification.
        out.println();
        out.println("$ runbook verify --instance demo");
        code = VerifyCommand.verify(launcher, "demo", "latest", true, out);
        out.println();
        status(demo, catalog, out);
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
      out.println("next: `runbook history` lists the recorded runs; `runbook show RUN` prints one with its steps "
          + "(`--format markdown` for an auditor; `runbook evidence RUN -o DIR` writes the record).");
      if (keepRunning) {
        out.println("still running: runbook backup -c " + demo.config() + " --instance demo --temporal-target "
            + demo.stack().target().target() + "   (Ctrl-C stops)");
        out.println("the runs in Temporal's Web UI: " + demo.stack().server().uiAddress());
        out.flush();
        handedOff = true;
        Blocker.awaitStop(demo::close);
      } else {
        out.println("(the demo's Temporal server and its Web UI stop now; `runbook demo --keep-running` keeps them up)");
      }
      return code;
    } finally {
      if (!handedOff) {
        demo.close();
      }
    }
  }

  /** What `runbook status --instance demo` says now: the restore point's age against the demo's rpo. */
  private static void status(Demo demo, Catalog catalog, PrintWriter out) {
    out.println("$ runbook status --instance demo");
    try {
      StatusCommand.print(new StatusTemporal(demo.stack().client(), List.of()).complete(InstanceStatus.read(catalog,
          ConfigLoader.load(demo.config()).instance("demo").orElseThrow(), Instant.now())), out);
    } catch (SQLException e) {
      out.println("  status not read from the catalog: " + e.getMessage());
    }
  }
}
