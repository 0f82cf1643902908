package dev.runbook.activities.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.BitbucketSimulator.ApplicationState;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketRequest;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.StatusWait;
import dev.runbook.workflows.run.Failures;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BitbucketActivitiesImplTest {
  @TempDir
  Path dir;
  private BitbucketSimulator sim;
  private ConfigSource config;

  @BeforeEach
  void setUp() throws Exception {
    sim = BitbucketSimulator.builder().version("9.2.1").admin("ops", "s3cret-pw").start();
    configure();
  }

  /** A configuration of instance prod at the current simulator. */
  private void configure() throws Exception {
    Path file = dir.resolve("runbook.yaml");
    Files.writeString(file, """
        hosts:
          - name: files
        instances:
          - name: prod
            bitbucket:
              baseUrl: %s
              username: ops
              password: env:BB_PW
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [/srv/shared], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /srv/backups}
        """.formatted(sim.baseUrl()));
    config = new ConfigSource(file);
  }

  @AfterEach
  void tearDown() {
    sim.close();
  }

  private BitbucketActivitiesImpl activities(String password) {
    return new BitbucketActivitiesImpl(config, new Secrets(password == null ? Map.of() : Map.of("BB_PW", password)));
  }

  @Test
  void readsStatusAndVersion() {
    var a = activities("s3cret-pw");
    assertThat(a.status(new BitbucketRequest("prod")).state()).isEqualTo("RUNNING");
    var v = a.version(new BitbucketRequest("prod"));
    assertThat(v.version()).isEqualTo("9.2.1");
    assertThat(v.buildNumber()).isEqualTo("9002001");
  }

  @Test
  void startingIsAnAnswerNotAFailure() {
    sim.setState(ApplicationState.STARTING);
    var s = activities("s3cret-pw").status(new BitbucketRequest("prod"));
    assertThat(s.httpStatus()).isEqualTo(503);
    assertThat(s.state()).isEqualTo("STARTING");
    assertThat(s.running()).isFalse();
  }

  @Test
  void wrongPasswordIsNotRetryableAndNamesTheUserNotThePassword() {
    assertThatThrownBy(() -> activities("wrong-pw-123").version(new BitbucketRequest("prod")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.BITBUCKET_AUTH);
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).startsWith("Bitbucket refused the credentials of user ops (HTTP 401")
              .doesNotContain("wrong-pw-123");
        });
  }

  @Test
  void aStoppedBitbucketIsRetryable() {
    sim.setListening(false);
    assertThatThrownBy(() -> activities("s3cret-pw").status(new BitbucketRequest("prod")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.BITBUCKET_UNREACHABLE);
          assertThat(f.isNonRetryable()).isFalse();
          assertThat(f.getOriginalMessage()).isEqualTo(sim.baseUrl() + "/status: connection refused");
        });
  }

  @Test
  void aLoadBalancersErrorPageCountsAsNotRunningAndTheStartWaitKeepsPolling() {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(activities("s3cret-pw"));
      BitbucketActivities bitbucket = env.newActivityStub(BitbucketActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1)).setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build());
      sim.setProxyErrorPage(503); // every node is down behind HAProxy

      assertThat(bitbucket.awaitStatus(new StatusWait("prod", false, Duration.ofSeconds(5))).state()).isNull();
      assertThatThrownBy(() -> bitbucket.awaitStatus(new StatusWait("prod", true, Duration.ofSeconds(2))))
          .satisfies(t -> assertThat(Failures.describe(t)).startsWith("Bitbucket did not answer RUNNING within 2 s (last: "
              + sim.baseUrl() + "/status answered HTTP 503 with a body that is not JSON)"));

      sim.setProxyErrorPage(404);
      new Thread(() -> {
        sleep(1500);
        sim.setProxyErrorPage(0); // a node is up again and the balancer forwards to it
      }).start();
      assertThat(bitbucket.awaitStatus(new StatusWait("prod", true, Duration.ofSeconds(20))).state()).isEqualTo("RUNNING");
    } finally {
      env.close();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void anUnsetSecretIsNamed() {
    assertThatThrownBy(() -> activities(null).version(new BitbucketRequest("prod")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.SECRET_MISSING);
          assertThat(f.getOriginalMessage()).contains("environment variable BB_PW (env:BB_PW) is not set");
        });
  }

  @Test
  void anUnknownInstanceListsTheKnownOnes() {
    assertThatThrownBy(() -> activities("x").status(new BitbucketRequest("prdo")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.UNKNOWN_INSTANCE);
          assertThat(f.getOriginalMessage()).startsWith("no instance 'prdo' in ").endsWith("(instances: prod)");
        });
  }

  @Test
  void anEndpointThisBitbucketDoesNotHaveIsNotFoundNotAProtocolError() throws Exception {
    sim.close();
    sim = BitbucketSimulator.builder().version("7.21.9").admin("ops", "s3cret-pw").start(); // no Mesh before 8.0
    configure();
    assertThatThrownBy(() -> activities("s3cret-pw").meshNodes(new BitbucketRequest("prod")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.BITBUCKET_NOT_FOUND);
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).startsWith(sim.baseUrl() + "/rest/api/latest/admin/git/mesh/nodes?start=0")
              .contains(" answered HTTP 404: No route for GET /rest/api/latest/admin/git/mesh/nodes");
          assertThat(dev.runbook.workflows.internal.MeshSteps.notFound(f)).isTrue();
        });
    // The rest of its API answers as before.
    assertThat(activities("s3cret-pw").version(new BitbucketRequest("prod")).version()).isEqualTo("7.21.9");
  }

  @Test
  void aContextPathIsKept() {
    var client = new BitbucketClient(BitbucketClient.newHttpClient(), sim.baseUrl() + "/bitbucket/", "ops", "s3cret-pw");
    assertThatThrownBy(client::status).isInstanceOfSatisfying(BitbucketException.class,
        e -> assertThat(e.getMessage()).isEqualTo(sim.baseUrl() + "/bitbucket/status answered HTTP 404: No route for GET /bitbucket/status"));
    assertThat(sim.hits("GET", "/bitbucket/status")).isEqualTo(1);
  }
}
