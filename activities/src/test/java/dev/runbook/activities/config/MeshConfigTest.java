package dev.runbook.activities.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.workflows.config.ResolveInstanceRequest;
import dev.runbook.workflows.config.ResolvedInstance;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instance's {@code mesh:} nodes: what is read, what a workflow sees, and how a node's home steps see it. */
class MeshConfigTest {
  private static final String MESH = ConfigLoaderTest.VALID.replace("hosts:\n", "hosts:\n  - name: mesh1\n  - name: mesh2\n")
      + """
          mesh:
            - name: mesh-1
              host: mesh1
              home: {mounts: [/var/atlassian/mesh], snapshot: {provider: btrfs}}
              services: {provider: systemd, units: [mesh]}
            - name: mesh-2
              host: mesh2
              home: {host: mesh2, mounts: [/var/atlassian/mesh], snapshot: {provider: btrfs}}
              services: {provider: command, stop: /opt/mesh/stop.sh, start: /opt/mesh/start.sh}
              rpcPort: 7778
      """;

  private static RunbookConfig parse(String yaml) {
    return ConfigLoader.parse(Path.of("runbook.yaml"), yaml, Optional.empty());
  }

  @Test
  void nodesAreReadWithTheirDefaults() {
    InstanceConfig in = parse(MESH).instance("prod").orElseThrow();
    assertThat(in.mesh()).extracting(MeshNodeConfig::name).containsExactly("mesh-1", "mesh-2");
    MeshNodeConfig first = in.mesh().get(0);
    assertThat(first.rpcPort()).isEqualTo(7777);
    assertThat(first.home().host()).as("the home's host is the node's").isEqualTo("mesh1");
    assertThat(in.mesh().get(1).rpcPort()).isEqualTo(7778);
    assertThat(parse(ConfigLoaderTest.VALID).instance("prod").orElseThrow().mesh()).isEmpty();
  }

  @Test
  void aNodeSeesItsOwnHomeAndServices() {
    InstanceConfig in = parse(MESH).instance("prod").orElseThrow();
    InstanceConfig node = in.asMeshNode(in.meshNode("mesh-2").orElseThrow());
    assertThat(node.name()).isEqualTo("prod");
    assertThat(node.home().host()).isEqualTo("mesh2");
    assertThat(node.home().snapshot().provider()).isEqualTo("btrfs");
    assertThat(node.services()).isInstanceOf(ServicesConfig.Command.class);
    assertThat(node.nodes()).extracting(InstanceConfig.NodeConfig::host).containsExactly("mesh2");
  }

  @Test
  void workflowsSeeEachNodeAndItsHost(@TempDir Path dir) throws java.io.IOException {
    ConfigSource source = new ConfigSource(java.nio.file.Files.writeString(dir.resolve("runbook.yaml"), MESH));
    ResolvedInstance r = new ConfigActivitiesImpl(source).resolveInstance(new ResolveInstanceRequest("prod"));
    assertThat(r.mesh()).containsExactly(new ResolvedInstance.MeshView("mesh-1", "mesh1", 7777, "btrfs", true),
        new ResolvedInstance.MeshView("mesh-2", "mesh2", 7778, "btrfs", true));
    assertThat(r.host("mesh2").roles()).containsExactly("Mesh node mesh-2");
  }
}
