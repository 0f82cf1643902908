package dev.runbook.activities.database;

import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.host.ApprovalCheck;
import dev.runbook.activities.host.HostContext;
import dev.runbook.activities.providers.Providers;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.backup.RestorePointIds;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseCheck;
import dev.runbook.workflows.database.DatabaseDump;
import dev.runbook.workflows.database.DatabaseRequest;
import dev.runbook.workflows.database.DatabaseRestore;
import dev.runbook.workflows.database.DatabaseRestorePlan;
import dev.runbook.workflows.database.DatabaseRestoreRequest;
import dev.runbook.workflows.home.KeptAside;
import dev.runbook.workflows.home.KeptAsideList;
import dev.runbook.workflows.verify.ScratchDatabase;
import dev.runbook.workflows.verify.ScratchRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@link DatabaseActivities} on the database host: checks the request, then hands it to the
 * instance's {@link DatabaseProvider}, found through {@link Providers}.
 */
public final class DatabaseActivitiesImpl implements DatabaseActivities {
  private final HostContext host;
  private final Secrets secrets;

  public DatabaseActivitiesImpl(HostContext host, Secrets secrets) {
    this.host = host;
    this.secrets = secrets;
  }

  @Override
  public DatabaseCheck checkDatabase(DatabaseRequest request) {
    return withJob(request, false, (job, provider) -> provider.check(job, request.expectedBytes()));
  }

  @Override
  public DatabaseDump dumpDatabase(DatabaseRequest request) {
    return withJob(request, true, (job, provider) -> provider.dump(job));
  }

  @Override
  public DatabaseRestorePlan planRestore(DatabaseRestoreRequest request) {
    return withJob(request(request), true, (job, provider) -> provider.planRestore(job, request));
  }

  @Override
  public DatabaseRestore restoreDatabase(DatabaseRestoreRequest request) {
    return withJob(request(request), true, (job, provider) -> {
      // With approval: signed here, this host checks the signed request and approval itself before replacing data.
      ApprovalCheck.requireRestore(host, job.instance(), request.proof(), request.restorePointId(), request.replace());
      return provider.restore(job, request);
    });
  }

  @Override
  public void undoRestore(DatabaseRestoreRequest request) {
    withJob(request(request), true, (job, provider) -> {
      provider.undoRestore(job, request);
      return null;
    });
  }

  @Override
  public void deleteDatabaseDump(DatabaseRequest request) {
    withJob(request, true, (job, provider) -> {
      provider.delete(job, request.artifacts());
      return null;
    });
  }

  @Override
  public KeptAsideList keptAsideDatabases(DatabaseRequest request) {
    return withJob(request, false, (job, provider) -> new KeptAsideList(provider.keptAside(job)));
  }

  @Override
  public void dropKeptAsideDatabase(KeptAside kept) {
    withJob(DatabaseRequest.of(kept.host(), kept.instance(), null), false, (job, provider) -> {
      provider.dropKeptAside(job, kept.name());
      return null;
    });
  }

  @Override
  public ScratchDatabase restoreScratchDatabase(ScratchRequest request) {
    return withJob(scratch(request), true, (job, provider) -> provider.restoreScratch(job, request.artifacts(),
        request.scratchName(), job.instance().verify().tables()));
  }

  @Override
  public void dropScratchDatabase(ScratchRequest request) {
    withJob(scratch(request), true, (job, provider) -> {
      provider.dropScratch(job, request.scratchName());
      return null;
    });
  }

  /** The request as a database request, once its scratch label is one this runbook makes (it names a database). */
  private static DatabaseRequest scratch(ScratchRequest r) {
    r.checked();
    return new DatabaseRequest(r.host(), r.instance(), r.restorePointId(), r.artifacts(), 0);
  }

  private static DatabaseRequest request(DatabaseRestoreRequest r) {
    return new DatabaseRequest(r.host(), r.instance(), r.restorePointId(), List.of(), 0);
  }

  private <T> T withJob(DatabaseRequest request, boolean needsId, BiFunction<DatabaseJob, DatabaseProvider, T> work) {
    host.checkHost(request.host());
    InstanceConfig in = host.instance(request.instance());
    host.requireOwnHost("the database of " + in.name(), in.database().host());
    if (needsId && !RestorePointIds.belongsTo(in.name(), request.restorePointId())) {
      throw ApplicationFailure.newNonRetryableFailure("'" + request.restorePointId() + "' is not a restore point of "
          + in.name(), FailureTypes.INVALID_INPUT);
    }
    DatabaseProvider provider = Providers.database(in.database());
    return host.withLazyShell(shell -> work.apply(new DatabaseJob(host, in, request.restorePointId(), secrets, shell), provider));
  }
}
