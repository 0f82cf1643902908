package dev.runbook.activities.metrics;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.RestorePointRecord;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.catalog.RunFinished;
import dev.runbook.workflows.catalog.StepEnded;
import dev.runbook.workflows.run.StepView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * runbook's own metrics, recorded by the control worker as the catalog activities write (Prometheus
 * names in docs/audit.md): run durations by runbook and status ({@code runbook_run_duration_seconds}, so
 * backup and restore durations), step durations by step ({@code runbook_step_duration_seconds}), the
 * backup's freeze window ({@code runbook_backup_freeze_seconds}), and per instance the age of the newest
 * complete restore point and of the last verification ({@code runbook_restore_point_age_seconds},
 * {@code runbook_verification_age_seconds}, read from the catalog at most every 15 s; NaN when none).
 * Failures by type come from the workflows ({@code runbook_failures_total}). Recording never fails a write.
 */
public final class RunMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);
  private static final Duration GAUGE_CACHE = Duration.ofSeconds(15);

  private final MeterRegistry registry;
  private final Catalog catalog;
  private final Map<String, Cached> points = new ConcurrentHashMap<>();

  public RunMetrics(MeterRegistry registry, Catalog catalog, List<String> instances) {
    this.registry = registry;
    this.catalog = catalog;
    for (String instance : instances) {
      Gauge.builder("runbook.restore.point.age", () -> age(instance, false)).tag("instance", instance)
          .baseUnit("seconds").description("Age of the newest complete restore point (the RPO now)").register(registry);
      Gauge.builder("runbook.verification.age", () -> age(instance, true)).tag("instance", instance)
          .baseUnit("seconds").description("Time since a restore point of the instance was last verified").register(registry);
    }
  }

  /** A step ended: its duration by step name and outcome. */
  public void stepEnded(StepEnded e) {
    StepView s = e.step();
    if (s.duration() != null) {
      timer("runbook.step.duration", "How long each step took", "step", s.name(), "outcome", s.outcome().name())
          .record(s.duration());
    }
  }

  /** A run ended: its duration by runbook and status. */
  public void runFinished(RunFinished f) {
    safely(() -> {
      Optional<RunRecord> run = catalog.run(f.runId());
      run.ifPresent(r -> timer("runbook.run.duration", "How long runs took, by runbook (backup, restore, ...) and status",
          "runbook", r.runbook(), "status", f.status().name()).record(Duration.between(r.startedAt(), f.endedAt())));
    });
  }

  /** A restore point changed: a complete one's freeze window, and the age gauges read afresh. */
  public void restorePoint(RestorePointChange ch) {
    points.remove(ch.instance());
    if (ch.status() == RestorePointStatus.COMPLETE && ch.freezeStartedAt() != null && ch.freezeEndedAt() != null) {
      timer("runbook.backup.freeze", "How long a backup kept the home frozen", "instance", ch.instance())
          .record(Duration.between(ch.freezeStartedAt(), ch.freezeEndedAt()));
    }
  }

  private Timer timer(String name, String description, String... tags) {
    return Timer.builder(name).description(description).tags(tags).register(registry);
  }

  private double age(String instance, boolean verification) {
    Cached c = points.compute(instance, (k, old) -> old != null && old.at.plus(GAUGE_CACHE).isAfter(Instant.now()) ? old
        : read(instance));
    Instant at = verification ? c.verifiedAt : c.newestAt;
    return at == null ? Double.NaN : Duration.between(at, Instant.now()).toMillis() / 1000.0;
  }

  private Cached read(String instance) {
    Supplier<Cached> none = () -> new Cached(Instant.now(), null, null);
    try {
      List<RestorePointRecord> all = catalog.restorePointRecords(instance);
      Instant newest = all.stream().filter(p -> p.status() == RestorePointStatus.COMPLETE).map(RestorePointRecord::createdAt)
          .findFirst().orElse(null);
      Instant verified = all.stream().filter(p -> p.verification() != null).map(p -> p.verification().at())
          .max(Comparator.naturalOrder()).orElse(null);
      return new Cached(Instant.now(), newest, verified);
    } catch (SQLException | RuntimeException e) {
      LOG.warn("restore point ages of {} not read: {}", instance, e.getMessage());
      return none.get();
    }
  }

  private interface Body {
    void run() throws SQLException;
  }

  private static void safely(Body body) {
    try {
      body.run();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("a metric was not recorded: {}", e.getMessage());
    }
  }

  private record Cached(Instant at, Instant newestAt, Instant verifiedAt) {}
}
