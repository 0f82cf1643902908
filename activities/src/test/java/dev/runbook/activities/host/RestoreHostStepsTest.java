package dev.runbook.activities.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.InstanceHostRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stale git locks and the integrity-check flag, on a real directory tree. */
class RestoreHostStepsTest {
  @TempDir
  Path dir;
  private Path shared;
  private Path mesh;
  private TestActivityEnvironment env;
  private HostActivities host;

  @BeforeEach
  void setUp() throws Exception {
    shared = Files.createDirectories(dir.resolve("shared"));
    mesh = Files.createDirectories(dir.resolve("mesh[1]"));
    Files.writeString(dir.resolve("runbook.yaml"), """
        hosts: [{name: files, mode: local}, {name: mesh1, mode: agent}]
        instances:
          - name: prod
            bitbucket: {baseUrl: 'http://127.0.0.1:1', username: a, password: env:X}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [%s], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /tmp}
            mesh:
              - name: mesh-1
                host: files
                home: {mounts: ['%s'], snapshot: {provider: btrfs}}
                services: {provider: systemd, units: [mesh]}
              - name: mesh-2
                host: mesh1
                home: {mounts: [/srv/mesh2], snapshot: {provider: btrfs}}
                services: {provider: systemd, units: [mesh]}
        """.formatted(shared, mesh));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new HostActivitiesImpl(HostContext.agent("files", new ConfigSource(dir.resolve("runbook.yaml")))));
    host = env.newActivityStub(HostActivities.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void removesOnlyGitsOwnLockFilesInsideRepositories() throws Exception {
    Path repo = Files.createDirectories(shared.resolve("data/repositories/42"));
    Files.createDirectories(repo.resolve("refs/heads"));
    Files.createDirectories(repo.resolve("objects/pack"));
    for (String f : new String[] {"index.lock", "HEAD.lock", "refs/heads/x.lock", "HEAD", "refs/heads/main", "objects/pack/p.lock"}) {
      Files.writeString(repo.resolve(f), "");
    }
    Files.writeString(shared.resolve("index.lock"), ""); // not in a repository

    var removed = host.cleanGitLocks(new InstanceHostRequest("files", "prod", false)).removed();

    assertThat(removed).containsExactlyInAnyOrder(repo.resolve("index.lock").toString(), repo.resolve("HEAD.lock").toString(),
        repo.resolve("refs/heads/x.lock").toString());
    assertThat(repo.resolve("index.lock")).doesNotExist();
    assertThat(repo.resolve("refs/heads/x.lock")).doesNotExist();
    assertThat(repo.resolve("HEAD")).exists();
    assertThat(repo.resolve("objects/pack/p.lock")).exists();
    assertThat(shared.resolve("index.lock")).exists();
  }

  @Test
  void onAMeshHomeRemovesGitsLockFilesUnderItsRepositoriesOnly() throws Exception {
    Path repo = Files.createDirectories(mesh.resolve("repositories/7/3"));
    Files.createDirectories(repo.resolve("refs/heads"));
    for (String f : new String[] {"HEAD.lock", "packed-refs.lock", "config.lock", "refs/heads/main.lock", "HEAD"}) {
      Files.writeString(repo.resolve(f), "");
    }
    Path elsewhere = Files.createDirectories(mesh.resolve("tmp/repositories-copy/1"));
    Files.writeString(elsewhere.resolve("HEAD.lock"), ""); // not under <home>/repositories
    Path sharedRepo = Files.createDirectories(shared.resolve("data/repositories/1"));
    Files.writeString(sharedRepo.resolve("HEAD.lock"), ""); // the shared home's: not this step's

    var removed = host.cleanGitLocks(dev.runbook.workflows.host.InstanceHostRequest.mesh("files", "prod", "mesh-1")).removed();

    assertThat(removed).containsExactlyInAnyOrder(repo.resolve("HEAD.lock").toString(), repo.resolve("packed-refs.lock").toString(),
        repo.resolve("config.lock").toString(), repo.resolve("refs/heads/main.lock").toString());
    assertThat(repo.resolve("HEAD.lock")).doesNotExist();
    assertThat(repo.resolve("HEAD")).exists();
    assertThat(elsewhere.resolve("HEAD.lock")).exists();
    assertThat(sharedRepo.resolve("HEAD.lock")).exists();
  }

  @Test
  void aMeshNodeOfAnotherHostIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> host.cleanGitLocks(
        dev.runbook.workflows.host.InstanceHostRequest.mesh("files", "prod", "mesh-2")))
        .hasMessageContaining("the home of Mesh node mesh-2 of prod is on host mesh1, not on files");
  }

  @Test
  void setsTheIntegrityFlagAndPutsItBackKeepingTheRestOfTheFile() throws Exception {
    Path properties = shared.resolve("bitbucket.properties");
    Files.writeString(properties, "jdbc.url=jdbc:postgresql://db/bitbucket\n");
    host.setIntegrityCheck(new InstanceHostRequest("files", "prod", true));
    assertThat(Files.readString(properties)).contains("jdbc.url=jdbc:postgresql://db/bitbucket", "disaster.recovery=true");
    host.setIntegrityCheck(new InstanceHostRequest("files", "prod", false));
    assertThat(Files.readAllLines(properties)).contains("jdbc.url=jdbc:postgresql://db/bitbucket", "disaster.recovery=false")
        .doesNotContain("disaster.recovery=true");
  }
}
