package dev.runbook.activities.config;

/** Checks of the {@code workers:} section: counts the Temporal SDK would refuse, or that could never be used. */
final class WorkersChecks {
  /** Beyond this a setting is a typo, not a tuning: every one of these costs a thread or a cached run. */
  static final int MAX = 10_000;
  /** Beyond this a run waits on a host too long for anyone at the console to see why. */
  static final java.time.Duration MAX_BUSY_HOST_WAIT = java.time.Duration.ofHours(1);

  private final ConfigValidator v;

  WorkersChecks(ConfigValidator v) {
    this.v = v;
  }

  void check(WorkersConfig w) {
    WorkersConfig.Control c = w.control();
    // Each count on its own first; how two relate only once both are in range, so one mistake is one problem.
    boolean ok = count("workers.control.workflowCacheSize", c.workflowCacheSize(), 0)
        & count("workers.control.maxWorkflowThreads", c.maxWorkflowThreads(), 1)
        & count("workers.control.workflowPollers", c.workflowPollers(), 2)
        & count("workers.control.activityPollers", c.activityPollers(), 1)
        & count("workers.control.maxConcurrentWorkflowTasks", c.maxConcurrentWorkflowTasks(), 2)
        & count("workers.control.maxConcurrentActivities", c.maxConcurrentActivities(), 1);
    if (c.busyHostWait().isNegative() || c.busyHostWait().compareTo(MAX_BUSY_HOST_WAIT) > 0) {
      v.add("workers.control.busyHostWait", "must be between 0s and 1h (0s: a step not picked up in time fails its run)");
    }
    WorkersConfig.Agent a = w.agent();
    ok &= count("workers.agent.activityPollers", a.activityPollers(), 1)
        & count("workers.agent.maxConcurrentActivities", a.maxConcurrentActivities(), 1);
    if (!ok) {
      return;
    }
    if (c.maxWorkflowThreads() < c.workflowCacheSize()) {
      v.add("workers.control.maxWorkflowThreads", "must be at least workers.control.workflowCacheSize ("
          + c.workflowCacheSize() + "): every cached run holds a thread");
    }
    if (c.workflowPollers() > c.maxConcurrentWorkflowTasks()) {
      v.add("workers.control.workflowPollers", "must be at most workers.control.maxConcurrentWorkflowTasks ("
          + c.maxConcurrentWorkflowTasks() + "): a poll takes a task slot");
    }
    if (c.activityPollers() > c.maxConcurrentActivities()) {
      v.add("workers.control.activityPollers", "must be at most workers.control.maxConcurrentActivities ("
          + c.maxConcurrentActivities() + "): a poll takes an activity slot");
    }
    if (a.activityPollers() > a.maxConcurrentActivities()) {
      v.add("workers.agent.activityPollers", "must be at most workers.agent.maxConcurrentActivities ("
          + a.maxConcurrentActivities() + "): a poll takes an activity slot");
    }
  }

  private boolean count(String path, int value, int min) {
    if (value < min || value > MAX) {
      v.add(path, "must be between " + min + " and " + MAX);
      return false;
    }
    return true;
  }
}
