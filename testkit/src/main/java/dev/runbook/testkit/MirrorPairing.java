package dev.runbook.testkit;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A mirror's pairing with its upstream and its synchronization: the upstream state (INSTALLED, PENDING,
 * REMOVED), the pending authorization request, the delayed install after an accept, one more repository per
 * sync interval, the stuck switch, and check-ins that keep the primary's {@code lastSeenDate} fresh.
 *
 * <p>Lock order: this object's lock may be held while calling the primary ({@link PrimaryMirroring}) or
 * asking whether nodes listen; the primary never calls in while holding its own lock.
 */
final class MirrorPairing implements AutoCloseable {
  /** How often a healthy mirror checks in with its primary, refreshing {@code lastSeenDate}. */
  static final Duration CHECK_IN_INTERVAL = Duration.ofMillis(200);

  /** What a reconnect visit did. */
  enum ReconnectResult { SENT, FAILED, ALREADY_PENDING, ALREADY_INSTALLED }

  /** A consistent view of the synchronization progress. */
  record Progress(boolean discovering, int syncedRepos, int totalRepos) {}

  private final MirrorSimulator mirror;
  private final int totalRepos;
  private final Duration syncInterval;
  private final Duration installDelay;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "mirror-simulator-timer");
    t.setDaemon(true);
    return t;
  });

  // Guarded by this.
  private String upstreamState = "INSTALLED";
  private int pendingRequestId;
  private ScheduledFuture<?> installTask;
  private boolean installHeld;
  private boolean acceptedWhileHeld;
  private int syncedRepos;
  private boolean discovering;
  private boolean stuckRequested;
  private boolean stuckArmed;
  private final Set<Integer> restartedSinceStuck = new HashSet<>();
  private boolean closed;

  /** Starts INSTALLED and fully synchronized. */
  MirrorPairing(MirrorSimulator mirror, int totalRepos, Duration syncInterval, Duration installDelay) {
    this.mirror = mirror;
    this.totalRepos = totalRepos;
    this.syncedRepos = totalRepos;
    this.syncInterval = syncInterval;
    this.installDelay = installDelay;
  }

  /** Starts the sync and check-in timers. */
  void start() {
    long sync = Math.max(1, syncInterval.toMillis());
    scheduler.scheduleAtFixedRate(this::syncTick, sync, sync, TimeUnit.MILLISECONDS);
    long checkIn = CHECK_IN_INTERVAL.toMillis();
    scheduler.scheduleAtFixedRate(this::checkIn, checkIn, checkIn, TimeUnit.MILLISECONDS);
  }

  synchronized String upstreamState() {
    return upstreamState;
  }

  synchronized Progress progress() {
    return new Progress(discovering, syncedRepos, totalRepos);
  }

  synchronized void playStagingDeletion() {
    cancelInstall();
    pendingRequestId = 0;
    upstreamState = "REMOVED";
  }

  synchronized void setSyncStuckUntilRestart(boolean stuck) {
    stuckRequested = stuck;
    // Setting it again while stuck keeps it stuck; only restarts from now on count.
    stuckArmed = stuck && stuckArmed;
    restartedSinceStuck.clear();
  }

  synchronized void nodeRestarted(int nodeIndex) {
    restartedSinceStuck.add(nodeIndex);
  }

  /** The seed's {@code ?reconnect=1}: a new authorization request unless one is useless or impossible. */
  synchronized ReconnectResult reconnect() {
    if (upstreamState.equals("INSTALLED")) {
      return ReconnectResult.ALREADY_INSTALLED;
    }
    PrimaryMirroring upstream = mirror.upstream();
    if (upstreamState.equals("PENDING")
        && (installTask != null || (pendingRequestId != 0 && upstream.pending(pendingRequestId)))) {
      return ReconnectResult.ALREADY_PENDING;
    }
    // The seed: the primary refuses re-registration while it still holds this mirror's (stale) record.
    if (upstream.holdsServer(mirror.id())) {
      return ReconnectResult.FAILED;
    }
    pendingRequestId = upstream.requestFrom(mirror).id();
    upstreamState = "PENDING";
    return ReconnectResult.SENT;
  }

  /** The primary accepted or rejected request {@code requestId}. */
  synchronized void requestDecided(int requestId, boolean accepted) {
    if (closed || requestId != pendingRequestId || !upstreamState.equals("PENDING")) {
      return;
    }
    pendingRequestId = 0;
    if (!accepted) {
      upstreamState = "REMOVED";
      return;
    }
    stuckArmed = stuckRequested;
    if (installHeld) {
      acceptedWhileHeld = true;
      return;
    }
    installTask = scheduler.schedule(this::install, installDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** While held, an accepted request stays PENDING; on release it installs after the install delay. */
  synchronized void setInstallHeld(boolean held) {
    installHeld = held;
    if (!held && acceptedWhileHeld) {
      acceptedWhileHeld = false;
      if (!closed && upstreamState.equals("PENDING")) {
        installTask = scheduler.schedule(this::install, installDelay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** The primary deleted this mirror's record, which disables the mirror's access. */
  synchronized void recordDeletedOnUpstream() {
    if (upstreamState.equals("INSTALLED") || installTask != null || acceptedWhileHeld) {
      cancelInstall();
      upstreamState = "REMOVED";
    }
  }

  private synchronized void install() {
    installTask = null;
    if (closed || !upstreamState.equals("PENDING")) {
      return;
    }
    upstreamState = "INSTALLED";
    // Rediscovery first, then one repository per sync interval.
    discovering = true;
    syncedRepos = 0;
  }

  private void cancelInstall() {
    acceptedWhileHeld = false;
    if (installTask != null) {
      installTask.cancel(false);
      installTask = null;
    }
  }

  private synchronized void syncTick() {
    if (closed || !upstreamState.equals("INSTALLED") || !mirror.anyNodeListening()) {
      return;
    }
    if (discovering) {
      discovering = false;
      return;
    }
    if (stuckArmed && restartedSinceStuck.size() >= mirror.nodeCount()) {
      // Every node was restarted: the seed's documented fix works.
      stuckArmed = false;
      stuckRequested = false;
    }
    if (syncedRepos >= totalRepos || (stuckArmed && syncedRepos >= totalRepos / 3)) {
      return;
    }
    syncedRepos++;
  }

  private synchronized void checkIn() {
    if (!closed && upstreamState.equals("INSTALLED") && mirror.anyNodeListening()) {
      mirror.upstream().checkIn(mirror.id());
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    scheduler.shutdownNow();
  }
}
