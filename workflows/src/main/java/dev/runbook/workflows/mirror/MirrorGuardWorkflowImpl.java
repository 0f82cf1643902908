package dev.runbook.workflows.mirror;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.internal.RecordedRunbook;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.mirror.MirrorGuardResult.Shared;
import dev.runbook.workflows.run.RunStatus;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;

/** Implementation of {@link MirrorGuardWorkflow}. */
public class MirrorGuardWorkflowImpl extends RecordedRunbook implements MirrorGuardWorkflow {
  public MirrorGuardWorkflowImpl() {
    super(KIND);
  }

  private final MirrorActivities rest = MirrorSteps.rest();

  @Override
  public MirrorGuardResult guard(MirrorGuardInput input) {
    recorder = RunRecorder.begin(KIND, input.staging(), input.requestedBy(), input);
    return recorder.guard(() -> {
      if (input.staging() == null || input.production() == null || input.staging().equals(input.production())) {
        throw ApplicationFailure.newNonRetryableFailure("the input needs two different instances: "
            + "{\"staging\":\"NAME\",\"production\":\"NAME\"}", FailureTypes.INVALID_INPUT);
      }
      MirrorServers staging = recorder.step("read mirror records of " + input.staging(), null,
          () -> rest.listMirrorServers(new InstanceMirrorsCall(input.staging())), s -> s.servers().size() + " record(s)");
      MirrorServers production = recorder.step("read mirror records of " + input.production(), null,
          () -> rest.listMirrorServers(new InstanceMirrorsCall(input.production())), s -> s.servers().size() + " record(s)");
      List<Shared> shared = new ArrayList<>();
      for (MirrorServers.Server s : staging.servers()) {
        for (MirrorServers.Server p : production.servers()) {
          boolean sameId = s.id() != null && s.id().equals(p.id());
          boolean sameUrl = MirrorUrls.same(s.baseUrl(), p.baseUrl());
          if (sameId || sameUrl) {
            shared.add(new Shared(s, p, sameId, sameUrl));
          }
        }
      }
      List<String> isolation = shared.isEmpty() ? List.of() : isolation(input, staging);
      recorder.finish(RunStatus.SUCCEEDED, shared.isEmpty()
          ? input.staging() + " shares no mirror with " + input.production()
          : input.staging() + " shares " + shared.size() + " mirror(s) with " + input.production() + ": "
              + String.join(", ", shared.stream().map(x -> x.production().name() + " (" + x.production().id() + ")").toList()));
      return new MirrorGuardResult(staging, production, shared, isolation, recorder.steps());
    });
  }

  /** What an operator does instead of deleting through REST, which would break the production mirror. */
  private static List<String> isolation(MirrorGuardInput input, MirrorServers staging) {
    return List.of(
        "Do NOT delete these mirrors in " + input.staging() + "'s UI or REST API: staging would tell the production"
            + " mirror it was removed, and production mirroring stops.",
        "Block all traffic from " + input.staging() + " (" + staging.baseUrl() + ") to the production mirrors and the"
            + " production primary (firewall or security group). This guard reads staging's records, which stay until"
            + " the next step, so it keeps reporting them until then.",
        "Stop " + input.staging() + ", and remove the mirror details from its database as the vendor article"
            + " \"How to establish staging server environments for Bitbucket Server\" describes, before it starts again.",
        "Run `runbook mirror check` for production afterwards: every mirror must be healthy.");
  }

}
