package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.MeshSimulation;
import dev.runbook.testkit.internal.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health check of an instance with two Bitbucket Mesh nodes, end to end through the CLI on Temporal's
 * real server: the simulator registers both (and a Bitbucket node's sidecar), one node's service is
 * stopped, then started again.
 */
class MeshCheckEndToEndTest {
  @TempDir
  Path dir;
  private BitbucketSimulator bitbucket;
  private MeshSimulation.Node mesh1;
  private MeshSimulation.Node mesh2;
  private Path mesh2State;
  private Path config;
  private int port;

  @BeforeEach
  void setUp() throws Exception {
    bitbucket = BitbucketSimulator.builder().version("8.19.4").admin("admin", CheckEndToEndTest.PASSWORD).start();
    mesh1 = bitbucket.mesh().addNode("mesh1");
    mesh2 = bitbucket.mesh().addNode("mesh2");
    bitbucket.mesh().addSidecar();
    mesh2State = dir.resolve("mesh2.state");
    Files.writeString(mesh2State, "stopped"); // as its service script leaves it
    mesh2.followServiceState(mesh2State, Duration.ofMillis(500));
    Path secret = dir.resolve("bb-password");
    Files.writeString(secret, CheckEndToEndTest.PASSWORD + "\n");
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts:
          - {name: local, mode: local}
          - {name: m1, mode: local}
          - {name: m2, mode: local}
        instances:
          - name: prod
            bitbucket: {baseUrl: '%s', username: admin, password: 'file:%s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [/srv/shared], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: local, name: bb, user: bb, backupRoot: /srv/backups}
            mesh:
              - {name: mesh1, host: m1, home: {mounts: [/srv/mesh1], snapshot: {provider: btrfs}},
                 services: {provider: systemd, units: [mesh]}, rpcPort: %d}
              - {name: mesh2, host: m2, home: {mounts: [/srv/mesh2], snapshot: {provider: btrfs}},
                 services: {provider: systemd, units: [mesh]}, rpcPort: %d}
        """.formatted(bitbucket.baseUrl(), secret, mesh1.port(), mesh2.port()));
    port = Ports.free();
  }

  @AfterEach
  void tearDown() {
    bitbucket.close();
  }

  private Cli check() {
    return Cli.run("check", "-c", config.toString(), "--instance", "prod", "--temporal-target", "127.0.0.1:" + port);
  }

  @Test
  void aStoppedMeshNodeMakesTheCheckDegradedUntilItsServiceRunsAgain() throws Exception {
    String catalog = dir.resolve("catalog.db").toString();
    try (Background up = Background.start("ready;", "up", "-c", config.toString(), "--port", Integer.toString(port),
        "--headless", "--store", dir.resolve("temporal.db").toString(), "--catalog", catalog)) {
      // Bitbucket runs and every host answers: runbook can still operate prod, but mesh2's repositories are not served.
      Cli degraded = check();
      assertThat(degraded.exit()).as(degraded.all()).isEqualTo(1);
      assertThat(degraded.out()).contains("prod: DEGRADED",
              "  - DEGRADED: Mesh node mesh2 (host m2) is OFFLINE in Bitbucket, not AVAILABLE: its repositories cannot be "
                  + "served",
              "  - DEGRADED: Mesh connectivity: " + MeshSimulation.BITBUCKET_NODE + " (BITBUCKET) cannot reach mesh2 (MESH): ",
              "  - DEGRADED: Mesh connectivity: mesh1 (MESH) cannot reach mesh2 (MESH): ")
          .doesNotContain("UNHEALTHY")
          .containsPattern("mesh mesh1\\s+-\\s+AVAILABLE\\s+host m1, rpc http://127\\.0\\.0\\.1:" + mesh1.port())
          .containsPattern("mesh mesh2\\s+-\\s+OFFLINE\\s+host m2, rpc http://127\\.0\\.0\\.1:" + mesh2.port())
          .containsPattern(MeshSimulation.BITBUCKET_NODE + " \\(BITBUCKET\\)\\s+mesh1 \\(MESH\\)\\s+yes\\s+\\d+ ms")
          .containsPattern("mesh1 \\(MESH\\)\\s+mesh2 \\(MESH\\)\\s+NO\\s+UNAVAILABLE: .*Connection refused")
          .containsPattern("read Bitbucket's Mesh nodes\\s+2 Mesh nodes registered \\(sidecars left aside: 1\\)")
          .doesNotContain("mesh sidecar");

      Files.writeString(mesh2State, "running"); // its service script starts it
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Ports.accepting(mesh2.port()) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Cli healthy = check();
      assertThat(healthy.exit()).as(healthy.all()).isZero();
      assertThat(healthy.out()).contains("prod: HEALTHY").doesNotContain("Findings:")
          .containsPattern("mesh mesh2\\s+-\\s+AVAILABLE\\s+host m2");

      Cli history = Cli.run("history", "--catalog", catalog);
      assertThat(history.out()).contains("healthy: Bitbucket RUNNING 8.19.4, 3 of 3 hosts answered, 2 Mesh nodes AVAILABLE",
          "degraded: Mesh node mesh2 (host m2) is OFFLINE in Bitbucket");
      RecordedHistories.replayAll("127.0.0.1:" + port);
      assertThat(up.stop()).isZero();
    }
  }
}
