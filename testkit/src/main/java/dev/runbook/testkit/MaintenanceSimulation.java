package dev.runbook.testkit;

import dev.runbook.testkit.internal.Json;
import dev.runbook.testkit.internal.Request;
import dev.runbook.testkit.internal.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The maintenance-lock and external-backup protocol of {@code shared/reference/bitbucket-rest.md}:
 * lock, start backup, drain (DRAINING, then DRAINED after a few polls), progress, unlock, cancel.
 * While locked, {@code /status} answers MAINTENANCE. Switches make the lock fail, the drain hang, or
 * the backup task fail; observations let tests check what a client did.
 */
public final class MaintenanceSimulation {
  static final String TOKEN_HEADER = "X-Atlassian-Maintenance-Token";

  private final BitbucketSimulator bitbucket;
  private String unlockToken;
  private String cancelToken;
  private String taskState;
  private int polls;
  private int pollsUntilDrained = 2;
  private boolean refuseLock;
  private boolean drainHangs;
  private boolean failTask;
  private java.util.concurrent.CountDownLatch backupStartHeld;
  private int backupStarts;
  private final List<Integer> progress = new ArrayList<>();
  private final List<String> events = new ArrayList<>();

  MaintenanceSimulation(BitbucketSimulator bitbucket) {
    this.bitbucket = bitbucket;
  }

  // --- switches ---

  /** Makes {@code POST /mvc/maintenance/lock} answer 409, as when another maintenance task runs. */
  public synchronized void refuseLock(boolean refuse) {
    this.refuseLock = refuse;
  }

  /** Keeps the database DRAINING forever. */
  public synchronized void drainHangs(boolean hang) {
    this.drainHangs = hang;
  }

  /** Makes the backup task FAILED at the next poll. */
  public synchronized void failTask(boolean fail) {
    this.failTask = fail;
  }

  /**
   * Holds each {@code POST /mvc/admin/backups} until released, as a Bitbucket slow to answer; released,
   * it starts the backup as usual (also when its client is gone by then).
   */
  public synchronized void holdBackupStart(boolean hold) {
    if (hold && backupStartHeld == null) {
      backupStartHeld = new java.util.concurrent.CountDownLatch(1);
    } else if (!hold && backupStartHeld != null) {
      backupStartHeld.countDown();
      backupStartHeld = null;
    }
  }

  /** How many polls of {@code GET /mvc/maintenance} it takes to drain (default 2). */
  public synchronized void pollsUntilDrained(int n) {
    this.pollsUntilDrained = n;
  }

  // --- observations ---

  public synchronized boolean locked() {
    return unlockToken != null;
  }

  /** How many {@code POST /mvc/admin/backups} arrived, held ones included. */
  public synchronized int backupStarts() {
    return backupStarts;
  }

  /** Progress percentages reported by the client, in order. */
  public synchronized List<Integer> progress() {
    return List.copyOf(progress);
  }

  /** What happened, in order: {@code lock}, {@code backup}, {@code drained}, {@code unlock}, {@code cancel}. */
  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  // --- endpoints ---

  synchronized Response lock(Request r) {
    Response denied = bitbucket.requireAdmin(r);
    if (denied != null) {
      return denied;
    }
    if (refuseLock || unlockToken != null) {
      return Response.json(409, Json.errors("Bitbucket is already in maintenance mode or another maintenance task is running"));
    }
    unlockToken = UUID.randomUUID().toString();
    cancelToken = null;
    taskState = null;
    polls = 0;
    events.add("lock");
    return Response.json(202, Map.of("unlockToken", unlockToken));
  }

  Response startBackup(Request r) {
    java.util.concurrent.CountDownLatch held;
    synchronized (this) {
      backupStarts++;
      held = backupStartHeld;
    }
    if (held != null) {
      try {
        held.await(5, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return startBackupNow(r);
  }

  private synchronized Response startBackupNow(Request r) {
    Response denied = bitbucket.requireAdmin(r);
    if (denied != null) {
      return denied;
    }
    if (!"true".equals(r.query("external").orElse(""))) {
      return Response.json(400, Json.errors("only external backups are simulated"));
    }
    if (!tokenMatches(r.header(TOKEN_HEADER).orElse(null))) {
      return Response.json(409, Json.errors("The maintenance token is missing or invalid"));
    }
    cancelToken = UUID.randomUUID().toString();
    taskState = "RUNNING";
    events.add("backup");
    return Response.json(202, Map.of("cancelToken", cancelToken));
  }

  synchronized Response status(Request r) {
    Response denied = bitbucket.requireAdmin(r);
    if (denied != null) {
      return denied;
    }
    if (!tokenMatches(r.header(TOKEN_HEADER).orElse(null))) {
      return Response.json(409, Json.errors("The maintenance token is missing or invalid"));
    }
    polls++;
    if (failTask && "RUNNING".equals(taskState)) {
      taskState = "FAILED";
    }
    boolean drained = !drainHangs && polls >= pollsUntilDrained;
    if (drained && !events.contains("drained")) {
      events.add("drained");
    }
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("id", "backup-task");
    task.put("state", taskState == null ? "RUNNING" : taskState);
    task.put("type", "BACKUP");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("task", task);
    body.put("db-state", drained ? "DRAINED" : "DRAINING");
    body.put("scm-state", polls >= 1 ? "DRAINED" : "DRAINING");
    body.put("progress", Map.of("message", "Backing up", "percentage", progress.isEmpty() ? 0 : progress.get(progress.size() - 1)));
    return Response.json(200, body);
  }

  synchronized Response progress(Request r) {
    Response denied = bitbucket.requireAdmin(r);
    if (denied != null) {
      return denied;
    }
    if (!tokenMatches(r.query("token").orElse(null))) {
      return Response.json(409, Json.errors("The maintenance token is missing or invalid"));
    }
    progress.add(Integer.parseInt(r.query("percentage").orElse("0")));
    return Response.empty(202);
  }

  synchronized Response unlock(Request r) {
    Response denied = bitbucket.requireAdmin(r);
    if (denied != null) {
      return denied;
    }
    if (!tokenMatches(r.query("token").orElse(null))) {
      return Response.json(409, Json.errors("The unlock token is missing or invalid, or Bitbucket is not locked"));
    }
    unlockToken = null;
    cancelToken = null;
    events.add("unlock");
    return Response.empty(202);
  }

  synchronized Response cancel(Request r) {
    Response denied = bitbucket.requireAdmin(r);
    if (denied != null) {
      return denied;
    }
    String token = r.query("token").orElse(null);
    if (cancelToken == null || !cancelToken.equals(token)) {
      return Response.json(409, Json.errors("The cancel token is missing or invalid"));
    }
    taskState = "CANCELED";
    events.add("cancel");
    return Response.empty(202);
  }

  private boolean tokenMatches(String token) {
    return unlockToken != null && unlockToken.equals(token);
  }
}
