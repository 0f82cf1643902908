package dev.runbook.activities.config;

/**
 * The {@code workers:} section: how much the control worker and each agent take on at once. Every key is
 * optional; the defaults below (stated only here) were chosen by the scale benchmark ({@code bench/scale.sh},
 * docs/performance.md sections (e) and (f)): 200 concurrent backups and 1,000 scheduled mirror checks an hour
 * through one control worker and one agent. See {@code docs/configuration.md#workers-optional}.
 *
 * @param control the control worker's settings ({@code runbook worker}, and the control worker inside {@code runbook up})
 * @param agent every agent's settings ({@code runbook agent}, and the local agents inside {@code runbook up})
 */
public record WorkersConfig(Control control, Agent agent) {
  public WorkersConfig {
    control = control == null ? new Control(null, null, null, null, null, null, null) : control;
    agent = agent == null ? new Agent(null, null) : agent;
  }

  /** The section as it is when absent: every default. */
  public static WorkersConfig defaults() {
    return new WorkersConfig(null, null);
  }

  /**
   * The control worker: runs every workflow and the control activities (configuration, Bitbucket REST, catalog).
   *
   * @param workflowCacheSize runs kept in memory between their steps (a run not kept is replayed from its
   *     history at its next step); {@value #DEFAULT_WORKFLOW_CACHE_SIZE} when absent
   * @param maxWorkflowThreads threads for cached runs: each run holds one, plus one per parallel branch
   *     while it runs steps in parallel (checks, snapshot and dump); {@value #DEFAULT_MAX_WORKFLOW_THREADS} when absent
   * @param workflowPollers concurrent polls for workflow tasks (at least 2: one serves this worker's sticky
   *     queue); {@value #DEFAULT_WORKFLOW_POLLERS} when absent
   * @param activityPollers concurrent polls for activity tasks; {@value #DEFAULT_ACTIVITY_POLLERS} when absent
   * @param maxConcurrentWorkflowTasks workflow tasks processed at once; {@value #DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS}
   *     when absent
   * @param maxConcurrentActivities control activities run at once (each holds a thread; catalog writes, REST
   *     calls); {@value #DEFAULT_MAX_CONCURRENT_ACTIVITIES} when absent
   * @param busyHostWait how long in all a run waits for a host step beyond its pick-up time when Temporal says
   *     the host's worker is alive but busy (it polled its queue after the step was queued); zero: a step not picked up in
   *     time fails its run; {@link #DEFAULT_BUSY_HOST_WAIT} when absent
   */
  public record Control(Integer workflowCacheSize, Integer maxWorkflowThreads, Integer workflowPollers,
                        Integer activityPollers, Integer maxConcurrentWorkflowTasks, Integer maxConcurrentActivities,
                        java.time.Duration busyHostWait) {
    public static final int DEFAULT_WORKFLOW_CACHE_SIZE = 600;
    public static final int DEFAULT_MAX_WORKFLOW_THREADS = 1200;
    public static final int DEFAULT_WORKFLOW_POLLERS = 5;
    public static final int DEFAULT_ACTIVITY_POLLERS = 5;
    public static final int DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS = 200;
    public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 200;
    /**
     * Three minutes: longer than a 200-backup burst keeps one agent's queue waiting on this machine kind, and short
     * enough that a {@code runbook hosts} run (5 minutes) still ends with its answer.
     */
    public static final java.time.Duration DEFAULT_BUSY_HOST_WAIT = java.time.Duration.ofMinutes(3);

    public Control {
      workflowCacheSize = workflowCacheSize == null ? DEFAULT_WORKFLOW_CACHE_SIZE : workflowCacheSize;
      maxWorkflowThreads = maxWorkflowThreads == null ? DEFAULT_MAX_WORKFLOW_THREADS : maxWorkflowThreads;
      workflowPollers = workflowPollers == null ? DEFAULT_WORKFLOW_POLLERS : workflowPollers;
      activityPollers = activityPollers == null ? DEFAULT_ACTIVITY_POLLERS : activityPollers;
      maxConcurrentWorkflowTasks = maxConcurrentWorkflowTasks == null ? DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS
          : maxConcurrentWorkflowTasks;
      maxConcurrentActivities = maxConcurrentActivities == null ? DEFAULT_MAX_CONCURRENT_ACTIVITIES : maxConcurrentActivities;
      busyHostWait = busyHostWait == null ? DEFAULT_BUSY_HOST_WAIT : busyHostWait;
    }
  }

  /**
   * An agent: runs its host's steps, each as commands on that host.
   *
   * @param activityPollers concurrent polls for the host's steps: how fast a backlog on the host's queue drains
   *     (a ping has 5 s, a check 10 s, other steps 30 s to be picked up before the run asks Temporal whether the
   *     agent is alive); {@value #DEFAULT_ACTIVITY_POLLERS} when absent
   * @param maxConcurrentActivities host steps run at once, each on a thread while its commands run; a step queued
   *     behind them all is waited for up to {@link Control#busyHostWait} while the agent keeps polling;
   *     {@value #DEFAULT_MAX_CONCURRENT_ACTIVITIES} when absent
   */
  public record Agent(Integer activityPollers, Integer maxConcurrentActivities) {
    public static final int DEFAULT_ACTIVITY_POLLERS = 5;
    public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 200;

    public Agent {
      activityPollers = activityPollers == null ? DEFAULT_ACTIVITY_POLLERS : activityPollers;
      maxConcurrentActivities = maxConcurrentActivities == null ? DEFAULT_MAX_CONCURRENT_ACTIVITIES : maxConcurrentActivities;
    }
  }
}
