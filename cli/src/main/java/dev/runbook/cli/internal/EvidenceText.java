package dev.runbook.cli.internal;

import dev.runbook.activities.audit.RunEvidence;
import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.StepView;
import java.io.PrintWriter;
import java.time.Duration;

/** A run's evidence as {@code runbook show} prints it in a terminal; catalog text through {@link Terminal#safe}. */
public final class EvidenceText {
  private EvidenceText() {}

  public static void print(RunEvidence e, PrintWriter out) {
    RunEvidence.Run r = e.run();
    line(out, "run", r.id());
    line(out, "workflow", r.workflowId());
    line(out, "runbook", r.runbook() + " on " + r.instance());
    line(out, "status", r.status() + (r.summary() == null ? "" : ": " + r.summary()));
    line(out, "started", Format.dateTime(r.startedAt()) + " by " + r.requestedBy() + " (" + r.trigger() + ")");
    line(out, "ended", (r.endedAt() == null ? "still running" : Format.dateTime(r.endedAt()))
        + (r.durationMs() == null ? "" : ", took " + Format.duration(Duration.ofMillis(r.durationMs()))));
    line(out, "parameters", e.input().toString());
    for (RunEvidence.Approval a : e.approvals()) {
      line(out, "approval", a.decision() + (a.decidedBy() == null ? "" : " by " + a.decidedBy())
          + (a.reason() == null ? "" : ": " + a.reason()) + " at " + Format.dateTime(a.at()));
    }
    for (RunEvidence.CancelRequest c : e.cancelRequests()) {
      line(out, "cancel", "requested by " + c.requestedBy() + " at " + Format.dateTime(c.at()) + ": " + c.reason());
    }
    RunEvidence.RestorePoint p = e.restorePoint();
    if (p != null) {
      line(out, "point", p.id() + " " + p.status() + ", taken " + Format.dateTime(p.createdAt())
          + (p.freezeWindowMs() == null ? "" : ", home frozen " + p.freezeWindowMs() + " ms")
          + (p.skewMs() == null ? "" : ", skew " + p.skewMs() + " ms")
          + (p.verifiedAt() == null ? ", never verified" : ", verified " + Format.dateTime(p.verifiedAt())));
      for (RunEvidence.Artifact a : p.artifacts()) {
        line(out, "artifact", a.kind() + " " + a.name() + " on " + a.host() + " at " + a.location()
            + (a.sizeBytes() == null ? "" : ", " + a.sizeBytes() + " B") + (a.checksum() == null ? "" : ", " + a.checksum())
            + (a.deletedAt() == null ? "" : ", deleted " + Format.dateTime(a.deletedAt())));
      }
    }
    RunEvidence.Recovery rec = e.recovery();
    if (rec != null) {
      line(out, "RPO", rec.restorePointAgeMs() == null ? "unknown (no restore point chosen)"
          : "restore point was " + Format.duration(Duration.ofMillis(rec.restorePointAgeMs())) + " old at the start");
      line(out, "RTO", rec.downtimeMs() != null ? "services down " + Format.duration(Duration.ofMillis(rec.downtimeMs()))
          + " (stop " + Format.time(rec.servicesStoppedAt()) + " to RUNNING " + Format.time(rec.runningAt()) + ")"
          : rec.servicesStoppedAt() == null ? "no service was stopped" : "stopped at " + Format.dateTime(rec.servicesStoppedAt())
          + ", not RUNNING again in this run");
    }
    out.println("steps:");
    Format.timeline(e.steps().stream().map(s -> new StepView(s.seq(), s.name(), s.host(), s.startedAt(), s.endedAt(),
        StepOutcome.valueOf(s.outcome()), s.detail())).toList(), out);
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(String.format("%-10s %s", label, Terminal.safe(value)).stripTrailing());
  }
}
