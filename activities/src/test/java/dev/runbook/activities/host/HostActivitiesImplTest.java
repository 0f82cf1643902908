package dev.runbook.activities.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.host.PingRequest;
import dev.runbook.workflows.host.ServiceRequest;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent refuses work that is not its host's, before running anything. */
class HostActivitiesImplTest {
  @TempDir
  Path dir;
  private HostActivitiesImpl files;

  @BeforeEach
  void setUp() throws Exception {
    Path config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts: [{name: files}, {name: node1}]
        instances:
          - name: prod
            bitbucket: {baseUrl: 'http://127.0.0.1:1', username: a, password: env:X}
            nodes: [{name: node1, host: node1}]
            home: {host: files, mounts: [/srv/shared], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /b}
        """);
    files = new HostActivitiesImpl(HostContext.agent("files", new ConfigSource(config)));
  }

  @Test
  void answersPingsForItsOwnHostOnly() {
    assertThat(files.ping(new PingRequest("files")).pid()).isEqualTo(ProcessHandle.current().pid());
    assertThatThrownBy(() -> files.ping(new PingRequest("node1")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.WRONG_HOST);
          assertThat(f.isNonRetryable()).isTrue();
        });
  }

  @Test
  void refusesANodeThatRunsOnAnotherHost() {
    assertThatThrownBy(() -> files.stopServices(new ServiceRequest("files", "prod", "node1")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.WRONG_HOST);
          assertThat(f.getOriginalMessage()).isEqualTo("node node1 of prod is on host node1, not on files");
        });
    assertThatThrownBy(() -> files.stopServices(new ServiceRequest("files", "prod", "node9")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.CONFIG_INVALID));
  }
}
