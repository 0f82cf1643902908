package dev.runbook.cli;

import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Decisions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.Instances;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.restore.RestoreInput;
import dev.runbook.workflows.restore.RestorePlan;
import dev.runbook.workflows.restore.RestoreResult;
import dev.runbook.workflows.restore.RestoreWorkflow;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook restore}: from a restore point back to a running Bitbucket, with a plan, approval and undo. */
@Command(name = "restore", mixinStandardHelpOptions = true, subcommands = RestoreListCommand.class,
    description = {"Restore an instance to a restore point: plan (printed; --plan-only stops there), approval by a "
        + "second person (runbook approve), stop Bitbucket on every node, restore the home and the database, remove "
        + "stale git locks, optionally run the integrity check, start and wait for RUNNING. A failure after the stop "
        + "puts the previous home and database back and starts Bitbucket again.",
        "Exit 0 done (or plan shown), 1 failed, rejected or not approved in time, 2 invalid input or refused by the "
            + "plan, 3 a host does not answer or the instance is busy."})
public final class RestoreCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  RunOptions run;

  @Option(names = "--instance", paramLabel = "NAME", description = "The instance to restore (required).")
  String instance;

  @Option(names = "--point", paramLabel = "ID|latest", defaultValue = "latest",
      description = "The restore point: an id from `runbook restore list`, or latest (default).")
  String point;

  @Option(names = "--plan-only", description = "Show the plan and change nothing.")
  boolean planOnly;

  @Option(names = "--replace-database", description = "Restore over an existing database, keeping it under "
      + "<name>_pre_restore_<time>; without it an existing database refuses the restore.")
  boolean replaceDatabase;

  @Override
  public Integer call() {
    Instances.require(config.load(false), instance, config);
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out,
        launcher -> restore(launcher, instance, point, planOnly, replaceDatabase, run.follow(), out));
  }

  /** Runs a restore, printing its plan, how to approve it, and its outcome; returns the exit code. */
  public static int restore(RunLauncher launcher, String instance, String point, boolean planOnly, boolean replaceDatabase, boolean follow,
              PrintWriter out) {
    RunLauncher.Launched<RestoreResult> launched = launcher.launch(RestoreWorkflow.TYPE, RestoreWorkflow.KIND, instance,
        new RestoreInput(instance, point, planOnly, replaceDatabase, Trigger.CLI, System.getProperty("user.name")),
        RestoreResult.class, RunLauncher.OWN_DEADLINE, follow, stub -> showPlan(stub, planOnly, out));
    if (launched.failure() != null) {
      launcher.printFailure(instance + ": RESTORE", launched);
      return launched.failureExitCode();
    }
    RestoreResult r = launched.result();
    out.println();
    if (r.planOnly()) {
      out.println(instance + ": plan only, nothing was changed");
    } else {
      out.println(instance + ": restored to " + r.plan().restorePointId() + " (" + r.approval() + ")");
      r.keptHomeAs().forEach(k -> out.println("  previous home kept as " + k));
      if (r.keptDatabaseAs() != null) {
        out.println("  previous database kept as " + r.keptDatabaseAs());
      }
      out.println("  stale git locks removed: " + (r.removedLocks().isEmpty() ? "none" : String.join(", ", r.removedLocks())));
      r.warnings().forEach(w -> out.println("warning: " + w));
    }
    launcher.printSteps(launched, r.steps());
    return ExitCode.OK;
  }

  /** Prints the plan as soon as the run has it, and how to approve when it waits for approval. */
  private static void showPlan(WorkflowStub stub, boolean planOnly, PrintWriter out) {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    java.util.concurrent.CompletableFuture<Object> ended = stub.getResultAsync(Object.class);
    RestorePlan plan = null;
    while (plan == null && System.nanoTime() < deadline) {
      try {
        plan = stub.query("plan", RestorePlan.class);
        if (plan == null) {
          if (ended.isDone()) {
            return; // refused before a plan was made: the failure says why
          }
          Thread.sleep(300);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        return;
      }
    }
    if (plan == null) {
      return;
    }
    out.println();
    out.println("plan for " + plan.instance() + ": restore point " + plan.restorePointId() + " (taken "
        + Format.dateTime(plan.restorePointCreatedAt()) + ", " + Format.duration(Duration.between(plan.restorePointCreatedAt(),
        Instant.now())) + " ago)");
    for (int i = 0; i < plan.steps().size(); i++) {
      out.println(String.format("  %2d. %s", i + 1, plan.steps().get(i)));
    }
    out.println("approval: " + plan.approval());
    if (!planOnly && plan.approval().startsWith("needs")) {
      Decisions.printWaiting(stub, out);
    }
    out.println();
    out.flush();
  }
}
