package dev.runbook.cli;

import dev.runbook.activities.audit.AuditJson;
import dev.runbook.activities.audit.Durations;
import dev.runbook.activities.audit.InstanceStatus;
import dev.runbook.activities.audit.MeshCoverage;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.StatusTemporal;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.cli.internal.Terminal;
import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook status}: each instance's recovery position against its objectives; exit 1 when one is missed. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Per instance: the newest complete restore point and its age (the RPO now) against `rpo`, the Mesh "
        + "nodes whose homes it holds against the configured ones, the last "
        + "verified restore against `verifyEvery`, the last failed backup, runs in progress, runs awaiting approval and "
        + "the next scheduled runs (these two from Temporal, when it answers). Exit 1 when an objective is missed, "
        + "so it runs as a check. Reads the catalog without changing it."})
public final class StatusCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  CatalogOptions catalog;

  @Mixin
  TemporalOptions temporal;

  @Option(names = "--instance", paramLabel = "NAME", description = "Only this instance (default: every instance in the file).")
  String instance;

  @Option(names = "--json", description = "Print the status as JSON (described in docs/audit.md).")
  boolean json;

  @Override
  public Integer call() throws SQLException, IOException {
    RunbookConfig c = config.load(false);
    List<InstanceConfig> instances = c.instances().stream().filter(i -> instance == null || i.name().equals(instance)).toList();
    if (instances.isEmpty()) {
      throw new CliException(ExitCode.INVALID_INPUT, "no instance '" + Terminal.safe(instance) + "' in " + config.file()
          + " (instances: " + String.join(", ", c.instances().stream().map(InstanceConfig::name).toList()) + ")");
    }
    Catalog cat = catalog.openReadOnly(Optional.of(c));
    Instant now = Instant.now();
    List<InstanceStatus> statuses = new ArrayList<>();
    for (InstanceConfig i : instances) {
      statuses.add(InstanceStatus.read(cat, i, now));
    }
    String temporalNote = null;
    try {
      TemporalTarget target = temporal.target(Optional.of(c));
      try (TemporalConnection.Command connection = TemporalConnection.connectCommand(target)) {
        StatusTemporal t = new StatusTemporal(TemporalConnection.client(connection.stubs(), target, "cli"), c.schedules());
        statuses.replaceAll(t::complete);
      }
    } catch (RuntimeException e) {
      temporalNote = "Temporal did not answer, so runs awaiting approval and the next scheduled runs are unknown: "
          + e.getMessage();
    }
    boolean missed = statuses.stream().anyMatch(s -> !s.missed().isEmpty());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> doc = new java.util.LinkedHashMap<>();
      doc.put("generatedAt", now);
      doc.put("objectivesMet", !missed);
      doc.put("temporal", temporalNote == null ? "answered" : temporalNote);
      doc.put("instances", statuses);
      out.println(AuditJson.MAPPER.writeValueAsString(doc));
    } else {
      statuses.forEach(s -> print(s, out));
      if (temporalNote != null) {
        out.println(Terminal.safe(temporalNote));
      }
    }
    return missed ? ExitCode.RUNBOOK_FAILED : ExitCode.OK;
  }

  /** Prints {@code s} as this command does, one instance's block. */
  public static void print(InstanceStatus s, PrintWriter out) {
    out.println(s.instance() + ": " + (s.missed().isEmpty() ? "objectives met" : "OBJECTIVE MISSED"));
    InstanceStatus.Rpo rpo = s.rpo();
    line(out, "newest restore point", rpo.point() == null ? "none complete"
        : rpo.point() + ", taken " + Format.dateTime(rpo.takenAt()) + ", " + Durations.text(rpo.ageMs()) + " old (RPO now)");
    MeshCoverage mesh = s.mesh();
    if (mesh != null) {
      line(out, "Mesh nodes in point", mesh.point() == null ? "no complete restore point (configured: "
          + String.join(", ", mesh.configured()) + ")"
          : (mesh.covered().isEmpty() ? "none" : String.join(", ", mesh.covered()))
              + (mesh.missing().isEmpty() ? " (every configured Mesh node)"
                  : "; MISSING " + String.join(", ", mesh.missing()) + " (configured, not in this point)"));
    }
    line(out, "RPO objective", rpo.objectiveMs() == null ? "none (set rpo: on the instance)" : Durations.text(rpo.objectiveMs()));
    InstanceStatus.Verification v = s.verification();
    line(out, "last verified restore", v.point() == null ? "never verified"
        : v.point() + ", verified " + Format.dateTime(v.verifiedAt()) + " (" + Durations.text(v.ageMs()) + " ago)");
    line(out, "verify objective", v.objectiveMs() == null ? "none (set verifyEvery: on the instance)" : "every " + Durations.text(v.objectiveMs()));
    InstanceStatus.Run f = s.lastFailedBackup();
    line(out, "last failed backup", f == null ? "none" : f.runId() + " at " + Format.dateTime(f.startedAt()) + ": " + f.summary());
    line(out, "in progress", s.running().isEmpty() ? "none" : String.join("; ", s.running().stream()
        .map(r -> r.runbook() + " " + r.runId() + " since " + Format.dateTime(r.startedAt()) + " by " + r.requestedBy()).toList()));
    line(out, "awaiting approval", s.awaitingApproval() == null ? "unknown (Temporal did not answer)"
        : s.awaitingApproval().isEmpty() ? "none" : String.join("; ", s.awaitingApproval().stream()
        .map(r -> r.runbook() + " " + r.workflowId() + ": runbook approve " + r.workflowId() + " --as NAME --reason TEXT").toList()));
    line(out, "next scheduled", s.nextRuns() == null ? "unknown (Temporal did not answer)"
        : s.nextRuns().isEmpty() ? "none" : String.join("; ", s.nextRuns().stream()
        .map(n -> n.runbook() + " at " + Format.dateTime(n.at()) + " (schedule " + n.schedule() + ")").toList()));
    s.missed().forEach(m -> line(out, "MISSED", m));
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(String.format("  %-22s %s", label, Terminal.safe(value)));
  }
}
