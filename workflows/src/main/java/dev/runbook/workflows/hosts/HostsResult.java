package dev.runbook.workflows.hosts;

import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * Whether every configured host answers.
 *
 * @param hosts every host with its mode and roles, in configuration order
 * @param checks one answer (or its absence) per host, in the same order
 * @param allAnswered true when every host answered
 * @param steps the run's steps
 */
public record HostsResult(List<HostView> hosts, List<HostCheck> checks, boolean allAnswered, List<StepView> steps) implements dev.runbook.workflows.run.RunResult {}
