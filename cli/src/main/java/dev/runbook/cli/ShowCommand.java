package dev.runbook.cli;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.InputChecks;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook show RUN_ID}: one run from the catalog with its step timeline. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show one run recorded in the catalog and its step timeline (times in UTC).")
public final class ShowCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  CatalogOptions catalog;

  @Parameters(paramLabel = "RUN_ID", converter = InputChecks.RunName.class, description = "A run id, the first characters of one (as `runbook history` prints), or a workflow id.")
  String runId;

  @Override
  public Integer call() throws SQLException {
    Catalog c = catalog.open(config.loadIfPresent());
    RunRecord r;
    try {
      r = c.run(runId).orElseThrow(() -> new CliException(ExitCode.INVALID_INPUT,
          "no run '" + runId + "' in " + c.location() + " (`runbook history` lists the recorded runs)"));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("run        " + r.id());
    out.println("workflow   " + r.workflowId());
    out.println("runbook    " + r.runbook() + " on " + r.instance());
    out.println("status     " + r.status() + (r.summary() == null ? "" : ": " + r.summary()));
    out.println("started    " + Format.dateTime(r.startedAt()) + " by " + r.requestedBy() + " (" + r.trigger() + ")");
    out.println("ended      " + (r.endedAt() == null ? "still running" : Format.dateTime(r.endedAt()))
        + ", took " + Format.duration(r.duration(Instant.now())));
    out.println("parameters " + r.parameters());
    for (var a : c.approvals(r.id())) {
      out.println("approval   " + a.decision() + (a.decidedBy() == null ? "" : " by " + a.decidedBy())
          + (a.reason() == null ? "" : ": " + a.reason()) + " at " + Format.dateTime(a.at()));
    }
    for (var cancel : c.cancelRequests(r.id())) {
      out.println("cancel     requested by " + cancel.requestedBy() + " at " + Format.dateTime(cancel.at()) + ": " + cancel.reason());
    }
    out.println("steps:");
    Format.timeline(c.steps(r.id()), out);
    return ExitCode.OK;
  }
}
