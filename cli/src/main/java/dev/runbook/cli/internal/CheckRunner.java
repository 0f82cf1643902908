package dev.runbook.cli.internal;

import dev.runbook.cli.ExitCode;
import dev.runbook.workflows.bitbucket.MeshLink;
import dev.runbook.workflows.check.HealthCheckInput;
import dev.runbook.workflows.check.HealthCheckResult;
import dev.runbook.workflows.check.HealthCheckWorkflow;
import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.check.MeshNodeCheck;
import dev.runbook.workflows.run.Trigger;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Starts a health check, waits for it and prints what it found; shared by {@code check} and {@code demo}. */
public final class CheckRunner {
  private CheckRunner() {}

  /**
   * Runs the check and returns the exit code: 0 HEALTHY, 1 DEGRADED or UNHEALTHY (the printed verdict says which) or
   * the run failed, 2 rejected input.
   */
  public static int run(RunLauncher launcher, String instance, boolean follow, PrintWriter out) {
    RunLauncher.Launched<HealthCheckResult> launched = launch(launcher, instance, follow);
    if (launched.failure() != null) {
      launcher.printFailure(instance + ": CHECK", launched);
      return launched.failureExitCode();
    }
    HealthCheckResult r = launched.result();
    out.println();
    out.println(r.instance() + ": " + r.verdict());
    Table t = new Table("WHAT", "MODE", "STATE", "DETAIL");
    t.row("bitbucket", "-", r.bitbucketState() == null ? "NO ANSWER" : r.bitbucketState(),
        r.bitbucketUrl() + (r.version() == null ? "" : ", version " + r.version()));
    for (HostCheck h : r.hosts()) {
      t.row("host " + h.host(), h.mode().id(), h.state().name().replace('_', ' '), h.detail());
    }
    for (MeshNodeCheck m : r.mesh()) {
      t.row("mesh " + m.name(), "-", m.state() == null ? "NOT READ" : m.state(),
          (m.host() == null ? "not in runbook.yaml" : "host " + m.host()) + (m.rpcUrl() == null ? "" : ", rpc " + m.rpcUrl()));
    }
    t.print(out, "  ");
    printLinks(r.meshLinks(), out);
    if (!r.findings().isEmpty()) {
      out.println("Findings:");
      r.findings().forEach(f -> out.println("  - " + f.level() + ": " + f.text()));
    }
    launcher.printSteps(launched, r.steps());
    return r.healthy() ? ExitCode.OK : ExitCode.RUNBOOK_FAILED;
  }

  /**
   * As {@link #run}, printing the result on {@code out} as one JSON document ({@link CheckJson}) and nothing else:
   * what the launcher prints (the run started, the steps as they run with {@code follow}, a failed run) goes to the
   * launcher's own writer, which the caller points elsewhere (stderr). A failed run prints no document.
   */
  public static int runJson(RunLauncher launcher, String instance, boolean follow, PrintWriter out) {
    RunLauncher.Launched<HealthCheckResult> launched = launch(launcher, instance, follow);
    if (launched.failure() != null) {
      launcher.printFailure(instance + ": CHECK", launched);
      return launched.failureExitCode();
    }
    out.println(CheckJson.of(launched.shortId(), launched.result()));
    out.flush();
    return launched.result().healthy() ? ExitCode.OK : ExitCode.RUNBOOK_FAILED;
  }

  private static RunLauncher.Launched<HealthCheckResult> launch(RunLauncher launcher, String instance, boolean follow) {
    return launcher.launch(HealthCheckWorkflow.TYPE, HealthCheckWorkflow.KIND, instance,
        new HealthCheckInput(instance, Trigger.CLI, System.getProperty("user.name")), HealthCheckResult.class,
        Duration.ofMinutes(10), follow);
  }

  /** Bitbucket's Mesh connectivity report, one line per link; nothing when it was not read. */
  private static void printLinks(List<MeshLink> links, PrintWriter out) {
    if (links.isEmpty()) {
      return;
    }
    out.println("Mesh connectivity (Bitbucket's report):");
    Table t = new Table("FROM", "TO", "REACHABLE", "DETAIL");
    for (MeshLink l : links) {
      t.row(l.from() + " (" + l.fromType() + ")", l.to() + " (" + l.toType() + ")", l.reachable() ? "yes" : "NO",
          l.reachable() ? (l.roundTripMs() == null ? "" : l.roundTripMs() + " ms") : l.error());
    }
    t.print(out, "  ");
  }
}
