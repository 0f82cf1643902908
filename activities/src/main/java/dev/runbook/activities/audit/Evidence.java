package dev.runbook.activities.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.RestorePointRecord;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.workflows.restore.RestoreWorkflow;
import dev.runbook.workflows.run.StepView;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds a run's {@link RunEvidence} from the catalog, and writes it as JSON. */
public final class Evidence {
  /** The step a restore records its chosen restore point in; its detail begins with the point's id. */
  static final String CHOOSE_STEP = "choose restore point ";
  /** Steps that stop Bitbucket's services on a node begin with this. */
  static final String STOP_STEP = "stop services on ";
  /** The step that saw Bitbucket answer RUNNING again ends with this (the undo's too). */
  static final String RUNNING_STEP = "to answer RUNNING";

  private static final ObjectMapper JSON = AuditJson.MAPPER;

  private Evidence() {}

  /** The evidence of {@code r}, read from {@code catalog} now. */
  public static RunEvidence of(Catalog catalog, RunRecord r, Instant now) throws SQLException {
    List<StepView> steps = catalog.steps(r.id());
    Optional<RestorePointRecord> point = catalog.restorePointOfRun(r.id());
    Optional<String> restored = RestoreWorkflow.KIND.equals(r.runbook()) ? restoredPoint(steps) : Optional.empty();
    if (restored.isPresent()) {
      point = catalog.restorePointRecord(restored.get());
    }
    RunEvidence.Recovery recovery = RestoreWorkflow.KIND.equals(r.runbook()) ? recovery(r, steps, point) : null;
    return new RunEvidence(RunEvidence.SCHEMA_VERSION, now, catalog.location().toString(),
        RunEvidence.Run.of(r, now),
        input(r.parameters()),
        catalog.approvals(r.id()).stream().map(a -> new RunEvidence.Approval(a.decision(), a.decidedBy(), a.reason(), a.at()))
            .toList(),
        catalog.cancelRequests(r.id()).stream().map(c -> new RunEvidence.CancelRequest(c.requestedBy(), c.reason(), c.at()))
            .toList(),
        steps.stream().map(s -> new RunEvidence.Step(s.seq(), s.name(), s.host(), s.startedAt(), s.endedAt(),
            s.duration() == null ? null : s.duration().toMillis(), s.outcome().name(), s.detail())).toList(),
        point.map(Evidence::restorePoint).orElse(null), recovery);
  }

  /** The restore point a restore run chose, from its step's detail. */
  static Optional<String> restoredPoint(List<StepView> steps) {
    return steps.stream().filter(s -> s.name().startsWith(CHOOSE_STEP) && s.detail() != null && !s.detail().isBlank())
        .map(s -> s.detail().strip().split("\\s+")[0]).findFirst();
  }

  static RunEvidence.Recovery recovery(RunRecord r, List<StepView> steps, Optional<RestorePointRecord> point) {
    Long age = point.map(p -> Duration.between(p.createdAt(), r.startedAt()).toMillis()).orElse(null);
    Instant stopped = steps.stream().filter(s -> s.name().startsWith(STOP_STEP)).map(StepView::startedAt)
        .min(Instant::compareTo).orElse(null);
    Instant running = stopped == null ? null : steps.stream()
        .filter(s -> s.name().endsWith(RUNNING_STEP) && s.endedAt() != null && "OK".equals(s.outcome().name()))
        .map(StepView::endedAt).filter(t -> !t.isBefore(stopped)).max(Instant::compareTo).orElse(null);
    return new RunEvidence.Recovery(age, stopped, running,
        stopped == null || running == null ? null : Duration.between(stopped, running).toMillis());
  }

  private static RunEvidence.RestorePoint restorePoint(RestorePointRecord p) {
    return new RunEvidence.RestorePoint(p.id(), p.status().name(), p.createdAt(), p.completedAt(), p.freezeStartedAt(),
        p.freezeEndedAt(), p.freezeWindow() == null ? null : p.freezeWindow().toMillis(),
        p.skew() == null ? null : p.skew().toMillis(),
        p.verification() == null ? null : p.verification().at(), p.verification() == null ? null : p.verification().runId(),
        p.verification() == null ? null : p.verification().detail(),
        p.artifacts().stream().map(a -> new RunEvidence.Artifact(a.name(), a.kind(), a.provider(), a.host(), a.location(),
            a.sizeBytes(), a.checksum(), a.deletedAt())).toList());
  }

  /** The recorded input as JSON; a record that is not JSON is kept as text. */
  private static JsonNode input(String parameters) {
    try {
      return JSON.readTree(parameters == null ? "{}" : parameters);
    } catch (IOException e) {
      return TextNode.valueOf(parameters);
    }
  }
}
