package dev.runbook.activities.home.command;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.home.Freezer;
import dev.runbook.activities.home.HomeJob;
import dev.runbook.activities.home.SnapshotProvider;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRestorePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator scripts for any other snapshot technology (SAN, cloud volumes, reflink copies). Every
 * script gets RUNBOOK_INSTANCE, RUNBOOK_BACKUP_ID (the restore point), RUNBOOK_MOUNTS and
 * RUNBOOK_DEVICES (one per line, devices looked up before any freeze), RUNBOOK_MOUNT and
 * RUNBOOK_DEVICE (the first ones). The snapshot script prints where each snapshot is, one line each
 * (nothing means the restore point id says it); the delete script gets RUNBOOK_LOCATION, once per
 * snapshot, or empty to delete whatever belongs to RUNBOOK_BACKUP_ID. With {@code freeze: true} the
 * mounts are frozen around the snapshot script only, which must finish within {@code maxFreeze}.
 */
public final class CommandProvider implements SnapshotProvider {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final CommandConfig config;

  public CommandProvider(CommandConfig config) {
    this.config = config;
  }

  @Override
  public List<String> check(HomeJob job) {
    List<String> evidence = new ArrayList<>();
    for (String script : new String[] {config.snapshot(), config.delete(), config.restore(), config.list()}) {
      if (script != null && !job.run(Command.of(TIMEOUT, "test", "-x", script)).ok()) {
        throw HomeJob.precondition(script + " is missing or not executable on " + job.host().hostName());
      }
    }
    for (String m : job.mounts()) {
      evidence.add(m + ": mount point of " + device(job, m));
    }
    evidence.add(config.freeze() ? "frozen around the snapshot script, at most " + config.maxFreeze().toMillis() + " ms"
        : "no freeze");
    return evidence;
  }

  @Override
  public Outcome snapshot(HomeJob job) {
    // Lookups happen before the freeze: nothing that can be done earlier stretches the window.
    Map<String, String> env = env(job);
    delete(job, List.of());
    Command script = Command.of(config.freeze() ? config.maxFreeze() : TIMEOUT, config.snapshot()).withEnv(env);
    long start = System.nanoTime();
    CommandResult r;
    java.time.Instant frozeAt = null;
    java.time.Instant thawedAt = null;
    try {
      if (config.freeze()) {
        Freezer.Frozen<CommandResult> frozen = Freezer.around(job, job.mounts(), config.maxFreeze(), () -> job.must(script));
        r = frozen.value();
        frozeAt = frozen.startedAt();
        thawedAt = frozen.endedAt();
      } else {
        r = job.must(script);
      }
    } catch (RuntimeException e) {
      delete(job, List.of());
      throw e;
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    List<String> lines = r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    List<Artifact> artifacts = new ArrayList<>();
    if (lines.isEmpty()) {
      artifacts.add(new Artifact("home", Artifact.HOME, "command", job.host().hostName(), job.restorePointId(), null, ms));
    } else {
      for (int i = 0; i < lines.size(); i++) {
        String name = lines.size() == job.mounts().size() ? "home:" + job.mounts().get(i) : "home:" + (i + 1);
        artifacts.add(new Artifact(name, Artifact.HOME, "command", job.host().hostName(), lines.get(i), null, ms));
      }
    }
    return new Outcome(artifacts, frozeAt, thawedAt);
  }

  @Override
  public void delete(HomeJob job, List<Artifact> artifacts) {
    if (config.delete() == null) {
      return;
    }
    Map<String, String> env = new LinkedHashMap<>(Map.of("RUNBOOK_INSTANCE", job.instance().name(),
        "RUNBOOK_BACKUP_ID", job.restorePointId()));
    List<String> locations = artifacts.isEmpty() ? List.of("") : artifacts.stream().map(Artifact::location).toList();
    for (String location : locations) {
      env.put("RUNBOOK_LOCATION", location);
      job.must(Command.of(TIMEOUT, config.delete()).withEnv(env));
    }
  }

  private Map<String, String> env(HomeJob job) {
    List<String> devices = job.mounts().stream().map(m -> device(job, m)).toList();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RUNBOOK_INSTANCE", job.instance().name());
    env.put("RUNBOOK_BACKUP_ID", job.restorePointId());
    env.put("RUNBOOK_MOUNTS", String.join("\n", job.mounts()));
    env.put("RUNBOOK_DEVICES", String.join("\n", devices));
    env.put("RUNBOOK_MOUNT", job.mounts().get(0));
    env.put("RUNBOOK_DEVICE", devices.get(0));
    return env;
  }

  static String device(HomeJob job, String mount) {
    CommandResult r = job.run(Command.of(Duration.ofSeconds(30), "findmnt", "-n", "-o", "SOURCE", "--mountpoint", mount));
    if (!r.ok() || r.stdout().isBlank()) {
      throw HomeJob.precondition(mount + " is not a mount point on " + job.host().hostName());
    }
    return r.stdout().lines().findFirst().orElse("").strip();
  }

  @Override
  public HomeRestorePlan planRestore(HomeJob job, List<Artifact> artifacts) {
    if (config.restore() == null) {
      throw HomeJob.precondition("the command provider of " + job.instance().name() + " has no restore script "
          + "(home.snapshot.restore)");
    }
    if (!job.run(Command.of(TIMEOUT, "test", "-x", config.restore())).ok()) {
      throw HomeJob.precondition(config.restore() + " is missing or not executable on " + job.host().hostName());
    }
    return new HomeRestorePlan(List.of("run " + config.restore() + " (RUNBOOK_ACTION=restore) for "
        + String.join(", ", artifacts.stream().map(Artifact::location).toList()) + "; on failure it is run with "
        + "RUNBOOK_ACTION=undo-restore"), true);
  }

  @Override
  public List<String> restore(HomeJob job, List<Artifact> artifacts) {
    runRestoreScript(job, artifacts, "restore");
    return List.of();
  }

  @Override
  public void undoRestore(HomeJob job, List<Artifact> artifacts) {
    runRestoreScript(job, artifacts, "undo-restore");
  }

  private void runRestoreScript(HomeJob job, List<Artifact> artifacts, String action) {
    Map<String, String> env = env(job);
    env.put("RUNBOOK_ACTION", action);
    // The run's own stamp, so a script can keep the current home under a name no other run uses.
    env.put("RUNBOOK_KEEP_STAMP", job.keepStamp() == null ? "" : job.keepStamp());
    env.put("RUNBOOK_LOCATIONS", String.join("\n", artifacts.stream().map(Artifact::location).toList()));
    env.put("RUNBOOK_LOCATION", artifacts.isEmpty() ? "" : artifacts.get(0).location());
    job.must(Command.of(TIMEOUT, config.restore()).withEnv(env));
  }
}
