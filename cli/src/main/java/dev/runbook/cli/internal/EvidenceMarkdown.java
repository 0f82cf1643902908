package dev.runbook.cli.internal;

import dev.runbook.activities.audit.RunEvidence;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * A run's evidence as Markdown for an auditor: what ran, who asked and who approved, what it achieved,
 * then every step and artifact in tables. Catalog text is made terminal-safe and Markdown-safe.
 */
public final class EvidenceMarkdown {
  private EvidenceMarkdown() {}

  public static void print(RunEvidence e, PrintWriter out) {
    RunEvidence.Run r = e.run();
    out.println("# " + md(r.runbook()) + (r.instance() == null ? "" : " of " + md(r.instance())) + ": " + r.status());
    out.println();
    out.println("Evidence of run `" + code(r.id()) + "` (workflow `" + code(r.workflowId()) + "`), written "
        + Format.dateTime(e.generatedAt()) + " from the catalog " + md(e.catalog()) + ". Times are UTC.");
    out.println();
    out.println("| Field | Value |");
    out.println("| --- | --- |");
    row(out, "Outcome", r.status() + (r.summary() == null ? "" : ": " + md(r.summary())));
    row(out, "Started", Format.dateTime(r.startedAt()));
    row(out, "Ended", r.endedAt() == null ? "still running" : Format.dateTime(r.endedAt()));
    row(out, "Duration", r.durationMs() == null ? "-" : Format.duration(Duration.ofMillis(r.durationMs())));
    row(out, "Trigger", md(r.trigger()));
    row(out, "Requested by", md(r.requestedBy()));
    row(out, "Input", "`" + code(e.input().toString()) + "`");
    out.println();
    out.println("## Approvals");
    out.println();
    if (e.approvals().isEmpty()) {
      out.println("None recorded: this runbook needs none, or the run ended before one.");
    }
    for (RunEvidence.Approval a : e.approvals()) {
      out.println("- **" + a.decision() + "**" + (a.decidedBy() == null ? "" : " by " + md(a.decidedBy())) + " at "
          + Format.dateTime(a.at()) + (a.reason() == null ? "" : ": " + md(a.reason())));
    }
    for (RunEvidence.CancelRequest c : e.cancelRequests()) {
      out.println("- **cancel requested** by " + md(c.requestedBy()) + " at " + Format.dateTime(c.at()) + ": " + md(c.reason()));
    }
    recovery(e.recovery(), out);
    restorePoint(e.restorePoint(), out);
    out.println();
    out.println("## Steps");
    out.println();
    out.println("| # | Host | Start | End | Duration | Outcome | Step | Detail |");
    out.println("| ---: | --- | --- | --- | ---: | --- | --- | --- |");
    for (RunEvidence.Step s : e.steps()) {
      out.println("| " + s.seq() + " | " + (s.host() == null ? "control" : md(s.host())) + " | " + Format.time(s.startedAt())
          + " | " + Format.time(s.endedAt()) + " | " + (s.durationMs() == null ? "-" : Format.duration(Duration.ofMillis(s.durationMs())))
          + " | " + s.outcome() + " | " + md(s.name()) + " | " + md(s.detail()) + " |");
    }
  }

  private static void recovery(RunEvidence.Recovery rec, PrintWriter out) {
    if (rec == null) {
      return;
    }
    out.println();
    out.println("## Recovery achieved");
    out.println();
    out.println("- **RPO achieved** (age of the restored point when the restore started): "
        + (rec.restorePointAgeMs() == null ? "unknown, no restore point was chosen" : Format.duration(Duration.ofMillis(rec.restorePointAgeMs()))));
    out.println("- **RTO achieved** (services down, from the first stop to Bitbucket answering RUNNING): "
        + (rec.downtimeMs() != null ? Format.duration(Duration.ofMillis(rec.downtimeMs())) + ", " + Format.dateTime(rec.servicesStoppedAt())
            + " to " + Format.dateTime(rec.runningAt())
            : rec.servicesStoppedAt() == null ? "no service was stopped"
            : "stopped at " + Format.dateTime(rec.servicesStoppedAt()) + " and not RUNNING again in this run"));
  }

  private static void restorePoint(RunEvidence.RestorePoint p, PrintWriter out) {
    if (p == null) {
      return;
    }
    out.println();
    out.println("## Restore point " + md(p.id()));
    out.println();
    out.println("- Status " + p.status() + "; backup began " + Format.dateTime(p.createdAt())
        + (p.completedAt() == null ? "" : ", complete " + Format.dateTime(p.completedAt())));
    out.println("- Freeze window: " + (p.freezeWindowMs() == null ? "the home was not frozen"
        : p.freezeWindowMs() + " ms (" + Format.time(p.freezeStartedAt()) + " to " + Format.time(p.freezeEndedAt()) + ")")
        + "; skew between home and database: " + (p.skewMs() == null ? "-" : p.skewMs() + " ms"));
    out.println("- Verified: " + (p.verifiedAt() == null ? "never" : Format.dateTime(p.verifiedAt()) + " by run `"
        + code(p.verifiedBy()) + "`" + (p.verification() == null ? "" : ": " + md(p.verification()))));
    out.println();
    out.println("| Artifact | Kind | Provider | Host | Location | Size (bytes) | Checksum | Deleted |");
    out.println("| --- | --- | --- | --- | --- | ---: | --- | --- |");
    for (RunEvidence.Artifact a : p.artifacts()) {
      out.println("| " + String.join(" | ", List.of(md(a.name()), md(a.kind()), md(a.provider()), md(a.host()),
          md(a.location()), a.sizeBytes() == null ? "-" : a.sizeBytes().toString(),
          a.checksum() == null ? "not given by the provider" : md(a.checksum()),
          a.deletedAt() == null ? "-" : Format.dateTime(a.deletedAt()))) + " |");
    }
  }

  private static void row(PrintWriter out, String label, String value) {
    out.println("| " + label + " | " + value + " |");
  }

  /** Catalog text in Markdown: terminal-safe, and nothing that breaks a table or starts markup. */
  static String md(String text) {
    if (text == null) {
      return "-";
    }
    return Terminal.safe(text).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
        .replace("`", "\\`").replace("<", "&lt;").replace("[", "\\[");
  }

  private static String code(String text) {
    return text == null ? "-" : Terminal.safe(text).replace("`", "'");
  }
}
