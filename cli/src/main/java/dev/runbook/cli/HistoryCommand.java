package dev.runbook.cli;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.workflows.run.RunIds;
import dev.runbook.activities.catalog.RunQuery;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.InputChecks;
import dev.runbook.cli.internal.Table;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook history}: recent runs from the catalog, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "List recent runs recorded in the catalog, newest first (times in UTC).")
public final class HistoryCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--instance", paramLabel = "NAME", converter = InputChecks.Name.class, description = "Only runs of this instance.")
  String instance;

  @Option(names = "--runbook", paramLabel = "KIND", converter = InputChecks.Kind.class, description = "Only runs of this runbook (check, backup, restore, ...).")
  String runbook;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", converter = InputChecks.Limit.class, description = "At most N runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws SQLException {
    Catalog c = catalog.open(config.loadIfPresent());
    List<RunRecord> runs = c.runs(new RunQuery(instance, runbook, limit));
    PrintWriter out = spec.commandLine().getOut();
    if (runs.isEmpty()) {
      out.println("no runs recorded in " + c.location() + (instance != null || runbook != null ? " matching the filter" : ""));
      return ExitCode.OK;
    }
    Table t = new Table("RUN", "RUNBOOK", "INSTANCE", "STATUS", "STARTED", "DURATION", "TRIGGER", "BY", "SUMMARY");
    Instant now = Instant.now();
    for (RunRecord r : runs) {
      t.row(RunIds.shortId(r.id()), r.runbook(), String.valueOf(r.instance()), r.status().name(),
          Format.dateTime(r.startedAt()), Format.duration(r.duration(now)), r.trigger(),
          String.valueOf(r.requestedBy()), r.summary() == null ? "" : r.summary());
    }
    t.print(out, "");
    return ExitCode.OK;
  }
}
