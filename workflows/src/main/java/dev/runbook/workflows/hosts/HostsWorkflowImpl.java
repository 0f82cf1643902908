package dev.runbook.workflows.hosts;

import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostList;
import dev.runbook.workflows.config.ListHostsRequest;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.Reachability;
import dev.runbook.workflows.internal.RecordedRunbook;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.run.RunStatus;
import java.util.List;

/** Implementation of {@link HostsWorkflow}. */
public class HostsWorkflowImpl extends RecordedRunbook implements HostsWorkflow {
  public HostsWorkflowImpl() {
    super(KIND);
  }

  private final ConfigActivities config = ControlSteps.config();

  @Override
  public HostsResult check(HostsInput input) {
    recorder = RunRecorder.begin(KIND, null, input.requestedBy(), input);
    return recorder.guard(() -> {
      HostList list = recorder.step("list hosts", null, () -> config.listHosts(new ListHostsRequest()),
          l -> l.hosts().size() + " hosts");
      List<HostCheck> checks = Reachability.check(recorder, list.hosts());
      long silent = checks.stream().filter(c -> c.state() == HostCheck.State.NO_ANSWER).count();
      recorder.finish(silent == 0 ? RunStatus.SUCCEEDED : RunStatus.FAILED, silent == 0
          ? "all " + checks.size() + " hosts answered" : silent + " of " + checks.size() + " hosts did not answer");
      return new HostsResult(list.hosts(), checks, silent == 0, recorder.steps());
    });
  }

}
