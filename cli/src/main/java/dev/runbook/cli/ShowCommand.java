package dev.runbook.cli;

import dev.runbook.activities.audit.AuditJson;
import dev.runbook.activities.audit.Evidence;
import dev.runbook.activities.audit.RunEvidence;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.EvidenceMarkdown;
import dev.runbook.cli.internal.EvidenceText;
import dev.runbook.cli.internal.InputChecks;
import dev.runbook.cli.internal.RecordedRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook show RUN_ID}: one run from the catalog with its step timeline, as text, JSON or Markdown. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show one run recorded in the catalog: who started it and how, approvals, every step, the restore "
        + "point it made or restored, and for a restore the RPO and RTO achieved (times in UTC). Reads the catalog "
        + "without changing it.")
public final class ShowCommand implements Callable<Integer> {
  /** The output formats. */
  enum OutputFormat { text, json, markdown }

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  CatalogOptions catalog;

  @Parameters(paramLabel = "RUN_ID", converter = InputChecks.RunName.class, description = "A run id, the first characters of one (as `runbook history` prints), or a workflow id.")
  String runId;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default), json (docs/evidence.schema.json) or markdown (for an auditor).")
  OutputFormat format;

  @Override
  public Integer call() throws SQLException, IOException {
    Catalog c = catalog.openReadOnly(config.catalogIfPresent());
    RunEvidence e = Evidence.of(c, RecordedRun.find(c, runId), Instant.now());
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case json -> out.println(AuditJson.MAPPER.writeValueAsString(e));
      case markdown -> EvidenceMarkdown.print(e, out);
      default -> EvidenceText.print(e, out);
    }
    return ExitCode.OK;
  }
}
