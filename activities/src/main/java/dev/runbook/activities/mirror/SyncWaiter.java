package dev.runbook.activities.mirror;

import dev.runbook.activities.bitbucket.BitbucketException;
import dev.runbook.activities.bitbucket.MirroringClient;
import dev.runbook.activities.bitbucket.MirroringClient.Upstream;
import dev.runbook.workflows.mirror.MirrorInspection.SyncProgress;
import dev.runbook.workflows.mirror.SyncWait;
import dev.runbook.workflows.mirror.SyncWaitCall;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits for a mirror to report INSTALLED, then for every repository to synchronize. A mirror that does
 * not answer (its service restarting) is waited for too; a timeout is returned, not thrown.
 */
final class SyncWaiter {
  private final MirroringClient client;
  private final SyncWaitCall call;
  private String state;
  private SyncProgress progress;
  private String lastError;

  SyncWaiter(MirroringClient client, SyncWaitCall call) {
    this.client = client;
    this.call = call;
  }

  SyncWait await() {
    long installBy = System.nanoTime() + call.installTimeout().toNanos();
    while (!look() || !"INSTALLED".equals(state)) {
      if ("REMOVED".equals(state) || "UNKNOWN".equals(state)) {
        return new SyncWait(false, false, state, progress, "the mirror's upstream state is " + state);
      }
      if (System.nanoTime() > installBy) {
        return new SyncWait(false, false, state, progress, "not INSTALLED within " + minutes(call.installTimeout())
            + " (upstream state " + (state == null ? "unread: " + lastError : state) + ")");
      }
      Waits.pause(pause(installBy), "waiting for INSTALLED: upstream state " + state);
    }
    long syncBy = System.nanoTime() + call.syncTimeout().toNanos();
    while (!look() || progress == null || !progress.complete()) {
      if (state != null && !"INSTALLED".equals(state)) {
        return new SyncWait(false, false, state, progress, "the mirror's upstream state changed to " + state);
      }
      if (System.nanoTime() > syncBy) {
        return new SyncWait(true, false, state, progress, "INSTALLED, but " + describe() + " after "
            + minutes(call.syncTimeout()));
      }
      Waits.pause(pause(syncBy), "synchronizing: " + describe());
    }
    return new SyncWait(true, true, state, progress, "INSTALLED, " + describe());
  }

  /** The poll interval, or less when the deadline comes first: the last look happens at the deadline. */
  private Duration pause(long deadline) {
    long left = Math.max(0, deadline - System.nanoTime());
    return left < call.pollInterval().toNanos() ? Duration.ofNanos(left) : call.pollInterval();
  }

  /** Reads state and progress; false when the mirror did not answer this time. */
  private boolean look() {
    try {
      String version = client.mirrorVersion();
      Optional<Upstream> upstream = client.upstream(version);
      state = upstream.map(Upstream::state).orElse(null);
      if (upstream.isPresent() && "INSTALLED".equals(state)) {
        progress = client.progress(version, upstream.get());
      }
      return true;
    } catch (BitbucketException e) {
      if (!MirrorActivitiesImpl.unreachable(e)) {
        throw e;
      }
      lastError = e.getMessage();
      return false;
    }
  }

  private String describe() {
    return progress == null ? "no progress read yet" : "synchronized " + progress.syncedRepos() + " of "
        + progress.totalRepos() + " repositories" + (progress.discovering() ? " (discovering)" : "");
  }

  private static String minutes(Duration d) {
    return d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
  }
}
