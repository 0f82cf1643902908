package dev.runbook.cli;

import dev.runbook.activities.audit.AuditJson;
import dev.runbook.activities.audit.RunEvidence;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.RunQuery;
import dev.runbook.cli.internal.AuditCsv;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.InputChecks;
import dev.runbook.cli.internal.Table;
import dev.runbook.cli.internal.TimeArgs;
import dev.runbook.workflows.Runbooks;
import dev.runbook.workflows.run.RunIds;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook history}: runs from the catalog, newest first, filtered, as a table, JSON or CSV. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"List runs recorded in the catalog, newest first (times in UTC), filtered by time, status, trigger, "
        + "runbook, instance and requester; as a table, JSON or CSV. Reads the catalog without changing it."})
public final class HistoryCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--instance", paramLabel = "NAME", converter = InputChecks.Name.class, description = "Only runs of this instance or mirror.")
  String instance;

  @Option(names = "--runbook", paramLabel = "KIND", description = "Only runs of this runbook (check, backup, restore, ...).")
  String runbook;

  @Option(names = "--status", paramLabel = "STATUS", description = "Only runs in this status: running, succeeded, failed, cancelled.")
  String status;

  @Option(names = "--trigger", paramLabel = "TRIGGER", description = "Only runs started this way: cli, schedule, incident, ui, manual.")
  String trigger;

  @Option(names = "--requested-by", paramLabel = "NAME", description = "Only runs asked for by NAME (a schedule's runs: 'schedule NAME').")
  String requestedBy;

  @Option(names = "--since", paramLabel = "WHEN", description = "Only runs started at or after WHEN: 2026-11-30, 2026-11-30T04:00:00Z, or an age (7d, 36h).")
  String since;

  @Option(names = "--until", paramLabel = "WHEN", description = "Only runs started before WHEN (same forms as --since).")
  String until;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", converter = InputChecks.Limit.class, description = "At most N runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @ArgGroup(exclusive = true)
  Output output = new Output();

  static final class Output {
    @Option(names = "--json", description = "Print the runs as a JSON array (the `run` object of docs/evidence.schema.json).")
    boolean json;

    @Option(names = "--csv", description = "Print the runs as CSV with a header line.")
    boolean csv;
  }

  @Override
  public Integer call() throws SQLException, IOException {
    Instant now = Instant.now();
    RunQuery query = new RunQuery(instance, known("--runbook", runbook, Runbooks.KINDS), status(), trigger(), requestedBy,
        TimeArgs.parse("--since", since, now), TimeArgs.parse("--until", until, now), limit);
    Catalog c = catalog.openReadOnly(config.catalogIfPresent());
    List<RunEvidence.Run> runs = c.runs(query).stream().map(r -> RunEvidence.Run.of(r, now)).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (output.json) {
      out.println(AuditJson.MAPPER.writeValueAsString(runs));
      return ExitCode.OK;
    }
    if (output.csv) {
      out.print(AuditCsv.write(RunEvidence.Run.class, runs));
      return ExitCode.OK;
    }
    if (runs.isEmpty()) {
      boolean filtered = instance != null || runbook != null || status != null || trigger != null || requestedBy != null
          || since != null || until != null;
      out.println("no runs recorded in " + c.location() + (filtered ? " matching the filter" : ""));
      return ExitCode.OK;
    }
    Table t = new Table("RUN", "RUNBOOK", "INSTANCE", "STATUS", "STARTED", "DURATION", "TRIGGER", "BY", "SUMMARY");
    for (RunEvidence.Run r : runs) {
      t.row(RunIds.shortId(r.id()), r.runbook(), String.valueOf(r.instance()), r.status(), Format.dateTime(r.startedAt()),
          Format.duration(java.time.Duration.between(r.startedAt(), r.endedAt() != null ? r.endedAt() : now)), r.trigger(),
          String.valueOf(r.requestedBy()), r.summary() == null ? "" : r.summary());
    }
    t.print(out, "");
    return ExitCode.OK;
  }

  private RunStatus status() {
    String s = known("--status", status, Arrays.stream(RunStatus.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
    return s == null ? null : RunStatus.valueOf(s.toUpperCase(Locale.ROOT));
  }

  private String trigger() {
    return known("--trigger", trigger, Arrays.stream(Trigger.values()).map(Trigger::id).toList());
  }

  /** {@code value} in lower case when it is one of {@code valid}; exit 2 listing them otherwise. */
  static String known(String option, String value, List<String> valid) {
    if (value == null) {
      return null;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!valid.contains(v)) {
      throw new CliException(ExitCode.INVALID_INPUT, "Invalid value for option '" + option + "': '" + value
          + "'; valid values: " + String.join(", ", valid));
    }
    return v;
  }
}
