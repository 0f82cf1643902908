package dev.runbook.activities.database.rds;

import dev.runbook.activities.aws.AwsFailures;
import dev.runbook.activities.aws.AwsTags;
import dev.runbook.activities.aws.Poll;
import dev.runbook.activities.aws.RunLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Backup and restore of one RDS DB instance or Aurora DB cluster. A backup is a tagged manual
 * snapshot, waited until available. A restore keeps the endpoint Bitbucket uses: the snapshot is
 * restored as {@code <id>-new-<stamp>}, the current database renamed to {@code <id>-kept-<stamp>},
 * then the restored one renamed to {@code <id>}; undo renames back. Each rename is waited for (status
 * and endpoint) before the next. RDS refuses an identifier in use, but the steps check themselves
 * first, and every step checks tags before acting, so a retried step continues where it stopped.
 */
public final class RdsDatabase {
  private static final int MAX_ID = 63;

  /** The names a restore uses: the database's own, the restored copy's until the swap, and the kept one's. */
  public record Names(String id, String restored, String kept) {}

  private final RdsClient rds;
  private final RdsKind kind;
  private final RdsConfig config;
  private final Poll poll;

  RdsDatabase(RdsClient rds, RdsKind kind, RdsConfig config, Poll poll) {
    this.rds = rds;
    this.kind = kind;
    this.config = config;
    this.poll = poll;
  }

  /** The database of {@code config}, reached with {@code rds}; waits poll at {@code interval}. */
  public static RdsDatabase of(RdsClient rds, RdsConfig config, java.time.Duration interval) {
    Poll poll = new Poll(interval, config.maxWait());
    return new RdsDatabase(rds, config.cluster() ? new DbClusters(rds, poll) : new DbInstances(rds, poll), config, poll);
  }

  /** Checks the database exists; evidence lines. */
  public List<String> check() {
    RdsResource db = kind.describe(config.identifier()).orElseThrow(() -> AwsFailures.refused(kind.noun() + " "
        + config.identifier() + " does not exist in " + config.region()));
    return List.of(kind.noun() + " " + db.id() + " (" + db.status() + ") at " + db.endpoint());
  }

  /** The snapshot identifier of a restore point: {@code runbook-<restore point id>} in RDS's alphabet. */
  public static String snapshotId(String restorePointId) {
    String id = ("runbook-" + restorePointId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
    return id.endsWith("-") ? id.substring(0, id.length() - 1) : id;
  }

  /** Takes the tagged snapshot (or finds this run's from an earlier attempt) and waits until it is available. */
  public String snapshot(RunLabels labels, Consumer<String> progress) {
    String id = snapshotId(labels.restorePointId());
    Optional<RdsResource> earlier = kind.describeSnapshot(id);
    if (earlier.isEmpty()) {
      kind.createSnapshot(config.identifier(), id, RdsTags.of(labels));
    } else if (!earlier.get().tagged(AwsTags.RUN, labels.runId())) {
      throw AwsFailures.refused("snapshot " + id + " exists already and was not made by run " + labels.runId());
    }
    poll.until("snapshot " + id, () -> {
      RdsResource s = kind.describeSnapshot(id).orElseThrow(() -> AwsFailures.refused("snapshot " + id + " disappeared"));
      if (s.status().equals("failed") || s.status().equals("error")) {
        throw AwsFailures.refused("snapshot " + id + " of " + config.identifier() + " failed: " + s.status());
      }
      return s.status().equals("available") ? Poll.Step.done(s) : Poll.Step.<RdsResource>pending(id + " " + s.status());
    }, progress);
    return id;
  }

  /** Retention: deletes the snapshots tagged with exactly {@code instance} and {@code restorePointId}. */
  public List<String> deleteRestorePoint(String instance, String restorePointId) {
    return deleteTagged(instance, AwsTags.RESTORE_POINT, restorePointId);
  }

  /** After a failed backup: deletes exactly the snapshots run {@code runId} made for {@code instance}. */
  public List<String> deleteRun(String instance, String runId) {
    return deleteTagged(instance, AwsTags.RUN, runId);
  }

  private List<String> deleteTagged(String instance, String key, String value) {
    List<String> deleted = new ArrayList<>();
    for (RdsResource s : kind.manualSnapshots()) {
      if (s.tagged(AwsTags.INSTANCE, instance) && s.tagged(key, value)) {
        kind.deleteSnapshot(s.id());
        deleted.add(s.id());
      }
    }
    return deleted;
  }

  /** The names of a restore stamped {@code keepStamp} (yyyyMMddHHmmss); refuses names RDS would not take. */
  public Names names(String keepStamp) {
    String id = config.identifier();
    Names n = new Names(id, id + "-new-" + keepStamp, id + "-kept-" + keepStamp);
    if (n.kept().length() > MAX_ID) {
      throw AwsFailures.refused(kind.noun() + " identifier " + id + " is too long to keep it aside as " + n.kept()
          + " (RDS allows " + MAX_ID + " characters)");
    }
    return n;
  }

  /** Checks a restore of {@code snapshotId} can start, and says what it does. Changes nothing. */
  public List<String> planRestore(String snapshotId, String keepStamp) {
    Names n = names(keepStamp);
    RdsResource snap = kind.describeSnapshot(snapshotId).orElseThrow(() -> AwsFailures.refused("snapshot " + snapshotId
        + " does not exist in " + config.region()));
    if (!snap.status().equals("available")) {
      throw AwsFailures.refused("snapshot " + snapshotId + " is " + snap.status() + ", not available");
    }
    check();
    for (String taken : List.of(n.restored(), n.kept())) {
      if (kind.describe(taken).isPresent()) {
        throw AwsFailures.refused(kind.noun() + " " + taken + " exists already; rename or delete it before restoring");
      }
    }
    return List.of("restore " + snapshotId + " as " + kind.noun() + " " + n.restored() + " with " + n.id()
            + "'s subnet group, security groups and parameter group",
        "rename " + n.id() + " to " + n.kept() + " (kept), then " + n.restored() + " to " + n.id()
            + ": Bitbucket's endpoint does not change");
  }

  /** Restores {@code snapshotId} in place of the current database, keeping it aside. Idempotent. */
  public Names restore(String snapshotId, RunLabels labels, String keepStamp, Consumer<String> progress) {
    Names n = names(keepStamp);
    String run = labels.runId();
    Optional<RdsResource> current = kind.describe(n.id());
    if (current.isPresent() && current.get().tagged(AwsTags.RUN, run)) {
      awaitRenamed(n.id(), progress); // swapped already
      return n;
    }
    Optional<RdsResource> restored = kind.describe(n.restored());
    if (restored.isPresent() && !restored.get().tagged(AwsTags.RUN, run)) {
      throw AwsFailures.refused(kind.noun() + " " + n.restored() + " exists and was not restored by run " + run);
    }
    kind.restore(n.id(), snapshotId, n.restored(), RdsTags.of(labels), progress);

    Optional<RdsResource> kept = kind.describe(n.kept());
    if (kept.isEmpty()) {
      RdsResource cur = current.orElseThrow(() -> AwsFailures.refused(kind.noun() + " " + n.id() + " does not exist"));
      RdsTags.add(rds, cur.arn(), Map.of(AwsTags.KEPT_BY_RUN, run));
      kind.rename(n.id(), n.kept());
    } else if (!kept.get().tagged(AwsTags.KEPT_BY_RUN, run)) {
      throw AwsFailures.refused(kind.noun() + " " + n.kept() + " exists and was not kept by run " + run);
    }
    awaitRenamed(n.kept(), progress);
    requireFree(n.id());
    kind.rename(n.restored(), n.id());
    awaitRenamed(n.id(), progress);
    return n;
  }

  /** Puts the kept database back under its identifier and deletes the copy this run restored. */
  public void undo(RunLabels labels, String keepStamp, Consumer<String> progress) {
    Names n = names(keepStamp);
    String run = labels.runId();
    Optional<RdsResource> inPlace = kind.describe(n.id());
    if (inPlace.isPresent() && inPlace.get().tagged(AwsTags.RUN, run)) {
      requireFree(n.restored());
      kind.rename(n.id(), n.restored());
      awaitRenamed(n.restored(), progress);
    }
    Optional<RdsResource> kept = kind.describe(n.kept());
    // A database under the kept name that this run did not keep is someone else's: the run never renamed.
    if (kept.isPresent() && kept.get().tagged(AwsTags.KEPT_BY_RUN, run)) {
      requireFree(n.id());
      kind.rename(n.kept(), n.id());
      RdsResource back = awaitRenamed(n.id(), progress);
      RdsTags.remove(rds, back.arn(), List.of(AwsTags.KEPT_BY_RUN));
    }
    Optional<RdsResource> copy = kind.describe(n.restored());
    if (copy.isPresent() && copy.get().tagged(AwsTags.RUN, run)) {
      kind.delete(n.restored());
    }
  }

  private void requireFree(String id) {
    if (kind.describe(id).isPresent()) {
      throw AwsFailures.refused(kind.noun() + " identifier " + id + " is in use; not renaming onto it");
    }
  }

  /**
   * Waits until {@code id} answers as available with an endpoint under its new name: a rename
   * reboots the database and its DNS name takes minutes to appear.
   */
  private RdsResource awaitRenamed(String id, Consumer<String> progress) {
    String prefix = id.toLowerCase(Locale.ROOT) + ".";
    return poll.until("rename to " + id, () -> {
      Optional<RdsResource> r = kind.describe(id);
      if (r.isPresent() && r.get().status().equals("available") && r.get().endpoint() != null
          && r.get().endpoint().toLowerCase(Locale.ROOT).startsWith(prefix)) {
        return Poll.Step.done(r.get());
      }
      return Poll.Step.pending(id + ": " + r.map(x -> x.status() + " at " + x.endpoint()).orElse("not yet renamed"));
    }, progress);
  }

  static void awaitAvailable(RdsKind kind, Poll poll, String id, Consumer<String> progress) {
    poll.until(kind.noun() + " " + id + " available", () -> {
      Optional<RdsResource> r = kind.describe(id);
      return r.isPresent() && r.get().status().equals("available") ? Poll.Step.done(true)
          : Poll.Step.<Boolean>pending(id + " " + r.map(RdsResource::status).orElse("not yet there"));
    }, progress);
  }
}
