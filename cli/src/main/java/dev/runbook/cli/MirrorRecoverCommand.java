package dev.runbook.cli;

import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Decisions;
import dev.runbook.cli.internal.MirrorCommands;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.mirror.MirrorDiagnosis;
import dev.runbook.workflows.mirror.MirrorRecoveryInput;
import dev.runbook.workflows.mirror.MirrorRecoveryResult;
import dev.runbook.workflows.mirror.MirrorRecoveryWorkflow;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook mirror recover}: starts a {@code MirrorRecoveryWorkflow} for one mirror. */
@Command(name = "recover", mixinStandardHelpOptions = true,
    description = {"Recover a mirror cut off from its primary: confirm the diagnosis (a healthy mirror is refused), "
        + "approval by a second person (runbook approve), remove the stale record on the primary, make the mirror "
        + "ask again, accept its request (never another mirror's), wait for INSTALLED and synchronization, restart "
        + "the mirror service if it does not synchronize, and last restore it from its backup. Re-running after a "
        + "crash skips what is done.",
        "Exit 0 recovered, 1 failed, rejected or not approved in time, 2 invalid input, 3 the mirror is healthy, "
            + "another recovery of it runs, or no Temporal server or control worker."})
public final class MirrorRecoverCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  RunOptions run;

  @Option(names = "--mirror", paramLabel = "NAME", description = "The mirror to recover (required).")
  String mirror;

  @Override
  public Integer call() {
    MirrorCommands.require(config.load(false), mirror, config, true);
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> recover(launcher, mirror, run.follow(), out));
  }

  /** Runs a recovery, printing its diagnosis, how to approve it, and its outcome; returns the exit code. */
  public static int recover(RunLauncher launcher, String mirror, boolean follow, PrintWriter out) {
    RunLauncher.Launched<MirrorRecoveryResult> launched = launcher.launch(MirrorRecoveryWorkflow.TYPE,
        MirrorRecoveryWorkflow.KIND, mirror, new MirrorRecoveryInput(mirror, Trigger.CLI, System.getProperty("user.name")),
        MirrorRecoveryResult.class, RunLauncher.OWN_DEADLINE, follow, stub -> showDiagnosis(stub, out));
    if (launched.failure() != null) {
      launcher.printFailure(mirror + ": MIRROR RECOVERY", launched);
      return launched.failureExitCode();
    }
    MirrorRecoveryResult r = launched.result();
    out.println();
    out.println(mirror + ": recovered (was " + r.before().condition().id() + ")");
    r.actions().forEach(a -> out.println("  " + a));
    out.println("evidence now: " + r.after().evidence());
    launcher.printSteps(launched, r.steps());
    return ExitCode.OK;
  }

  /** Prints the diagnosis once the run has it, and how to approve when it waits for approval. */
  private static void showDiagnosis(WorkflowStub stub, PrintWriter out) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    java.util.concurrent.CompletableFuture<Object> ended = stub.getResultAsync(Object.class);
    try {
      MirrorDiagnosis d = null;
      while (d == null && !ended.isDone() && System.nanoTime() < deadline) {
        d = stub.query("diagnosis", MirrorDiagnosis.class);
        if (d == null) {
          Thread.sleep(300);
        }
      }
      if (d == null) {
        return;
      }
      out.println();
      out.println("diagnosis of " + d.mirror() + ": " + d.condition().name());
      d.findings().forEach(f -> out.println("  - " + f));
      while (!ended.isDone() && System.nanoTime() < deadline) {
        if (Boolean.TRUE.equals(stub.query("awaitingApproval", Boolean.class))) {
          Decisions.printWaiting(stub, out);
          break;
        }
        Thread.sleep(300);
      }
      out.println();
      out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The run ended or cannot be queried: its outcome says what happened.
    }
  }
}
