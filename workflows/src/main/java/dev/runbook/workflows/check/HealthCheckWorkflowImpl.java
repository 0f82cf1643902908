package dev.runbook.workflows.check;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketRequest;
import dev.runbook.workflows.bitbucket.BitbucketStatus;
import dev.runbook.workflows.bitbucket.BitbucketVersion;
import dev.runbook.workflows.check.HostCheck.State;
import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.ResolveInstanceRequest;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.internal.Attempt;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.Reachability;
import dev.runbook.workflows.internal.RecordedRunbook;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.run.RunStatus;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** Implementation of {@link HealthCheckWorkflow}: Bitbucket, every host and Bitbucket's Mesh view are asked in parallel. */
public class HealthCheckWorkflowImpl extends RecordedRunbook implements HealthCheckWorkflow {
  public HealthCheckWorkflowImpl() {
    super(KIND);
  }

  /** Checks Bitbucket's Mesh nodes and connectivity report; runs recorded before it do not. */
  static final String MESH_CHANGE = "check-mesh";

  private final ConfigActivities config = ControlSteps.config();
  private final BitbucketActivities bitbucket = Workflow.newActivityStub(BitbucketActivities.class, ControlSteps.BITBUCKET);

  @Override
  public HealthCheckResult check(HealthCheckInput input) {
    recorder = RunRecorder.begin(KIND, input.instance(), input.requestedBy(), input);
    return recorder.guard(() -> {
      if (input.instance() == null || input.instance().isBlank()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the input names no instance; start it with {\"instance\":\"NAME\"}", FailureTypes.INVALID_INPUT);
      }
      HealthCheckResult result = checkInstance(input.instance());
      // A DEGRADED check found a problem too: FAILED in the catalog, its summary says which verdict.
      recorder.finish(result.healthy() ? RunStatus.SUCCEEDED : RunStatus.FAILED, summary(result));
      return result.withSteps(recorder.steps());
    });
  }


  private HealthCheckResult checkInstance(String name) {
    ResolvedInstance instance = recorder.step("resolve configuration", null,
        () -> config.resolveInstance(new ResolveInstanceRequest(name)), ResolvedInstance::bitbucketUrl);
    BitbucketRequest request = new BitbucketRequest(instance.name());
    boolean meshChecked = Workflow.getVersion(MESH_CHANGE, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    Promise<Attempt<BitbucketStatus>> status = Async.function(() -> recorder.attempt("read Bitbucket /status", null,
        () -> bitbucket.status(request), s -> s.state() + " (HTTP " + s.httpStatus() + ")"));
    Promise<Attempt<BitbucketVersion>> version = Async.function(() -> recorder.attempt("read Bitbucket version", null,
        () -> bitbucket.version(request), v -> v.displayName() + " " + v.version()));
    Promise<List<HostCheck>> hosts = Async.function(() -> Reachability.check(recorder, instance.hosts()));
    Promise<MeshHealth.Found> mesh = meshChecked
        ? Async.function(() -> MeshHealth.check(recorder, bitbucket, instance, version))
        : Workflow.newPromise(MeshHealth.Found.NONE);

    // The verdict is computed from what the steps returned, so it issues no command of its own.
    List<HealthFinding> findings = new ArrayList<>();
    Attempt<BitbucketStatus> s = status.get();
    if (!s.ok()) {
      findings.add(HealthFinding.unhealthy("Bitbucket at " + instance.bitbucketUrl() + " did not answer /status: " + s.error()));
    } else if (!s.value().running()) {
      findings.add(HealthFinding.unhealthy("Bitbucket /status answered " + s.value().state() + " (HTTP "
          + s.value().httpStatus() + ")"));
    }
    Attempt<BitbucketVersion> v = version.get();
    if (!v.ok()) {
      findings.add(HealthFinding.unhealthy("Bitbucket version could not be read: " + v.error()));
    } else if (instance.mode() == BackupMode.ZERO_DOWNTIME && !v.value().isAtLeast(4, 8)) {
      findings.add(HealthFinding.unhealthy("zero-downtime backup needs Bitbucket 4.8 or later; " + instance.name() + " runs "
          + v.value().version()));
    }
    List<HostCheck> hostChecks = hosts.get();
    for (HostCheck h : hostChecks) {
      if (h.state() == State.NO_ANSWER) {
        findings.add(HealthFinding.unhealthy("host " + h.host() + " (" + h.mode().id() + "): " + h.detail()));
      }
    }
    MeshHealth.Found meshFound = mesh.get();
    findings.addAll(meshFound.findings());
    return HealthCheckResult.of(instance.name(), instance.bitbucketUrl(), s.ok() ? s.value().state() : null,
        v.ok() ? v.value().version() : null, hostChecks, meshFound.nodes(), meshFound.links(), findings);
  }

  private static String summary(HealthCheckResult r) {
    if (r.healthy()) {
      long answered = r.hosts().stream().filter(h -> h.state() == State.ANSWERED).count();
      return "healthy: Bitbucket " + r.bitbucketState() + " " + r.version() + ", " + answered + " of "
          + r.hosts().size() + " hosts answered" + (r.mesh().isEmpty() ? "" : ", " + r.mesh().size() + " Mesh nodes AVAILABLE");
    }
    // The first finding of the verdict's level says why it is that verdict.
    String first = r.findings().stream().filter(f -> f.level() == r.verdict()).findFirst().orElseThrow().text();
    return r.verdict().name().toLowerCase(java.util.Locale.ROOT) + ": " + first
        + (r.findings().size() > 1 ? " (+" + (r.findings().size() - 1) + " more)" : "");
  }
}
