package dev.runbook.activities.home;

import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.MeshNodeConfig;
import dev.runbook.activities.host.ApprovalCheck;
import dev.runbook.activities.host.HostContext;
import dev.runbook.activities.providers.Providers;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.backup.RestorePointIds;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeCheck;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeRestore;
import dev.runbook.workflows.home.HomeRestorePlan;
import dev.runbook.workflows.home.HomeSnapshot;
import dev.runbook.workflows.home.HomeThaw;
import dev.runbook.workflows.home.KeptAside;
import dev.runbook.workflows.home.KeptAsideList;
import dev.runbook.workflows.verify.RepositoryCheck;
import dev.runbook.workflows.verify.ScratchHome;
import dev.runbook.workflows.verify.ScratchRequest;
import io.temporal.failure.ApplicationFailure;
import dev.runbook.workflows.home.Artifact;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * {@link HomeActivities} on the host that owns the home mounts; the provider comes from this
 * process's configuration, through {@link Providers}.
 */
public final class HomeActivitiesImpl implements HomeActivities {
  private final HostContext host;

  public HomeActivitiesImpl(HostContext host) {
    this.host = host;
  }

  @Override
  public HomeCheck checkHome(HomeRequest request) {
    return withJob(request, false, (job, provider) -> new HomeCheck(job.home().snapshot().provider(), provider.check(job)));
  }

  @Override
  public HomeSnapshot snapshotHome(HomeRequest request) {
    return withJob(request, true, (job, provider) -> {
      Instant started = Instant.now();
      SnapshotProvider.Outcome o = provider.snapshot(job);
      List<Artifact> made = request.mesh() == null ? o.artifacts()
          : o.artifacts().stream().map(a -> a.asMesh(request.mesh())).toList();
      return new HomeSnapshot(made, started, o.freezeStartedAt(), o.freezeEndedAt(), Instant.now());
    });
  }

  @Override
  public HomeRestorePlan planRestore(HomeRequest request) {
    return withJob(request, true, (job, provider) -> provider.planRestore(job, artifacts(request)));
  }

  @Override
  public HomeRestore restoreHome(HomeRequest request) {
    return withJob(request, true, (job, provider) -> {
      ApprovalCheck.requireRestore(host, job.instance(), request.proof(), request.restorePointId(), null);
      return new HomeRestore(provider.restore(job, artifacts(request)));
    });
  }

  @Override
  public void undoRestore(HomeRequest request) {
    withJob(request, true, (job, provider) -> {
      provider.undoRestore(job, artifacts(request));
      return null;
    });
  }

  @Override
  public void deleteHomeSnapshot(HomeRequest request) {
    withJob(request, true, (job, provider) -> {
      provider.delete(job, artifacts(request));
      return null;
    });
  }

  @Override
  public HomeThaw thawHome(HomeRequest request) {
    return withJob(request, false, (job, provider) -> KeptAsideHomes.thaw(job));
  }

  @Override
  public KeptAsideList keptAsideHomes(HomeRequest request) {
    // A Mesh node's kept homes are next to the node's own mounts; each says whose it is, for its delete.
    return withJob(request, false, (job, provider) -> new KeptAsideList(KeptAsideHomes.list(job).stream()
        .map(k -> k.ofMesh(request.mesh())).toList()));
  }

  @Override
  public void deleteKeptAsideHome(KeptAside kept) {
    HomeRequest request = HomeRequest.of(kept.host(), kept.instance(), null);
    withJob(kept.mesh() == null ? request : request.onMesh(kept.mesh(), kept.host()), false, (job, provider) -> {
      KeptAsideHomes.delete(job, kept.name());
      return null;
    });
  }

  @Override
  public ScratchHome cloneHomeToScratch(ScratchRequest request) {
    return withJob(scratch(request), true, (job, provider) ->
        new ScratchHome(provider.cloneToScratch(job, request.artifacts(), request.scratchName())));
  }

  @Override
  public RepositoryCheck checkScratchRepositories(ScratchRequest request) {
    return withJob(scratch(request), true, (job, provider) -> RepositoryFsck.check(job,
        provider.scratchPaths(job, request.artifacts(), request.scratchName()), job.instance().verify().repositories()));
  }

  @Override
  public void deleteHomeScratch(ScratchRequest request) {
    withJob(scratch(request), true, (job, provider) -> {
      provider.deleteScratch(job, request.artifacts(), request.scratchName());
      return null;
    });
  }

  /** The request as a home request, once its scratch label is one this runbook makes (it names paths). */
  private static HomeRequest scratch(ScratchRequest r) {
    r.checked();
    return new HomeRequest(r.host(), r.instance(), r.restorePointId(), r.artifacts());
  }

  /**
   * The request's artifacts as the provider made them: for a Mesh node's home only that node's, without the
   * {@code mesh:<node>:} prefix; for the shared home only shared-home snapshots.
   */
  static List<Artifact> artifacts(HomeRequest request) {
    if (request.mesh() == null) {
      return request.artifacts().stream().filter(a -> !Artifact.MESH_HOME.equals(a.kind())).toList();
    }
    return request.artifacts().stream().filter(a -> a.ofMesh(request.mesh())).map(a -> a.fromMesh(request.mesh())).toList();
  }

  private interface Work<T> {
    T apply(HomeJob job, SnapshotProvider provider);
  }

  private <T> T withJob(HomeRequest request, boolean needsId, Work<T> work) {
    host.checkHost(request.host());
    InstanceConfig configured = host.instance(request.instance());
    InstanceConfig in = configured;
    if (request.mesh() != null) {
      // A Mesh node's home is worked on as the shared home is, with the node's own mounts and provider.
      MeshNodeConfig node = HostContext.meshNode(configured, request.mesh());
      host.requireOwnHost("the home of Mesh node " + node.name() + " of " + in.name(), node.host());
      in = in.asMeshNode(node);
    } else {
      host.requireOwnHost("the home of " + in.name(), in.home().host());
    }
    InstanceConfig instance = in;
    if (needsId && !RestorePointIds.belongsTo(instance.name(), request.restorePointId())) {
      throw ApplicationFailure.newNonRetryableFailure("'" + request.restorePointId() + "' is not a restore point of "
          + instance.name(), FailureTypes.INVALID_INPUT);
    }
    SnapshotProvider provider = Providers.home(instance.home().snapshot());
    Function<dev.runbook.activities.exec.HostShell, T> body =
        shell -> work.apply(new HomeJob(host, instance, request.restorePointId(), request.keepStamp(), shell), provider);
    return host.withLazyShell(body);
  }
}
