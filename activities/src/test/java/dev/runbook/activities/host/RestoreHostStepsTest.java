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
  private TestActivityEnvironment env;
  private HostActivities host;

  @BeforeEach
  void setUp() throws Exception {
    shared = Files.createDirectories(dir.resolve("shared"));
    Files.writeString(dir.resolve("runbook.yaml"), """
        hosts: [{name: files, mode: local}]
        instances:
          - name: prod
            bitbucket: {baseUrl: 'http://127.0.0.1:1', username: a, password: env:X}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [%s], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /tmp}
        """.formatted(shared));
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
