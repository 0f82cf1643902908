package dev.runbook.workflows.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeshNodeTest {
  @Test
  void onlyAnRpcUrlOnLocalhostIsASidecar() {
    assertThat(MeshNode.sidecarUrl("http://localhost:7777")).isTrue();
    assertThat(MeshNode.sidecarUrl("http://LOCALHOST:7777/")).isTrue();
    assertThat(MeshNode.sidecarUrl("http://127.0.0.1:7777")).isFalse();
    assertThat(MeshNode.sidecarUrl("http://mesh1.localhost.example.com:7777")).isFalse();
    assertThat(MeshNode.sidecarUrl("not a url")).isFalse();
    assertThat(MeshNode.sidecarUrl(null)).isFalse();
  }

  @Test
  void theListsMeshNodesLeaveOutTheSidecars() {
    MeshNode sidecar = new MeshNode("1", "node1-sidecar", "http://localhost:7777", "AVAILABLE", true);
    MeshNode mesh = new MeshNode("2", "mesh1", "http://mesh1:7777", "OFFLINE", false);
    MeshNodeList list = new MeshNodeList(List.of(sidecar, mesh));
    assertThat(list.meshNodes()).containsExactly(mesh);
    assertThat(list.named("node1-sidecar")).isEmpty();
    assertThat(list.named("mesh1")).contains(mesh);
    assertThat(mesh.available()).isFalse();
  }
}
