package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.internal.Ports;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.home.Artifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook status} of an instance with Bitbucket Mesh nodes: its newest complete restore point must hold a
 * home of every configured node, so a node added after the last backup is an objective missed until a backup
 * takes it. The catalog is a real SQLite file written as backups write it; the command runs as an operator runs it.
 */
class MeshStatusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path dir;
  private Catalog catalog;
  private Path db;
  private int temporal;

  @BeforeEach
  void setUp() throws Exception {
    db = dir.resolve("catalog.db");
    catalog = Catalog.open(CatalogLocation.sqlite(db), new Secrets(Map.of()));
    temporal = Ports.free(); // nothing listens: the objectives come from the catalog alone
  }

  private Path config(String... mesh) throws Exception {
    StringBuilder hosts = new StringBuilder();
    StringBuilder nodes = new StringBuilder();
    for (String n : mesh) { // each Mesh node on a host of its own
      hosts.append("  - {name: ").append(n).append("-host, mode: local}\n");
      nodes.append("      - {name: ").append(n).append(", host: ").append(n).append("-host, home: {mounts: [/srv/").append(n)
          .append("], snapshot: {provider: btrfs}}, services: {provider: systemd, units: [mesh]}}\n");
    }
    Path file = dir.resolve("runbook-" + mesh.length + ".yaml");
    Files.writeString(file, """
        hosts:
          - {name: local, mode: local}
        """ + hosts + """
        instances:
          - name: prod
            bitbucket: {baseUrl: 'http://127.0.0.1:7990', username: admin, password: 'env:BB_PW'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [/srv/shared], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: local, name: bb, user: bb, backupRoot: /srv/backups}
            mesh:
        """ + nodes);
    return file;
  }

  /** A complete restore point of prod, as a backup records it, with a home snapshot of each of {@code mesh}. */
  private String point(Instant taken, String... mesh) throws Exception {
    String id = "prod-" + taken.toString().replace("-", "").replace(":", "");
    List<Artifact> artifacts = new ArrayList<>(List.of(
        new Artifact("home:/srv/shared", Artifact.HOME, "btrfs", "local", "/srv/shared/.snapshots/" + id, null, 5),
        new Artifact("db", Artifact.DATABASE, "postgresql", "local", "/srv/backups/" + id + "/db.dump", 4096L, 7)));
    for (String n : mesh) {
      artifacts.add(new Artifact("home:/srv/" + n, Artifact.HOME, "btrfs", n + "-host", "/srv/" + n + "/.snapshots/" + id,
          null, 3).asMesh(n));
    }
    catalog.restorePoint(RestorePointChange.started(id, "prod", "run-" + id, taken));
    catalog.restorePoint(new RestorePointChange(id, "prod", RestorePointStatus.COMPLETE, taken.plusSeconds(30), null,
        artifacts, null, null, taken, taken, null));
    return id;
  }

  private Cli status(Path config, String... more) {
    List<String> args = new ArrayList<>(List.of("status", "-c", config.toString(), "--instance", "prod", "--catalog",
        db.toString(), "--temporal-target", "127.0.0.1:" + temporal));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aMeshNodeAddedAfterTheNewestBackupIsAnObjectiveMissedUntilABackupTakesIt() throws Exception {
    Instant now = Instant.now();
    String first = point(now.minusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), "mesh1");

    Cli covered = status(config("mesh1"));
    assertThat(covered.exit()).as(covered.all()).isZero();
    assertThat(covered.out()).contains("prod: objectives met", "Mesh nodes in point    mesh1 (every configured Mesh node)")
        .doesNotContain("MISSED");

    Path two = config("mesh1", "mesh2"); // mesh2 was added after that backup
    Cli missed = status(two);
    assertThat(missed.exit()).as(missed.all()).isEqualTo(1);
    assertThat(missed.out()).contains("prod: OBJECTIVE MISSED",
        "Mesh nodes in point    mesh1; MISSING mesh2 (configured, not in this point)",
        "MISSED                 Mesh: run a backup: the newest point " + first + " cannot restore node mesh2 (it holds no "
            + "home snapshot of it; a node added after that backup is not in it)");
    JsonNode json = JSON.readTree(status(two, "--json").out());
    assertThat(json.get("objectivesMet").asBoolean()).isFalse();
    JsonNode mesh = json.get("instances").get(0).get("mesh");
    assertThat(mesh.get("point").asText()).isEqualTo(first);
    assertThat(mesh.get("configured").toString()).isEqualTo("[\"mesh1\",\"mesh2\"]");
    assertThat(mesh.get("covered").toString()).isEqualTo("[\"mesh1\"]");
    assertThat(mesh.get("missing").toString()).isEqualTo("[\"mesh2\"]");

    point(now.minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), "mesh1", "mesh2"); // the backup
    Cli again = status(two);
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out()).contains("prod: objectives met",
        "Mesh nodes in point    mesh1, mesh2 (every configured Mesh node)");
  }

  @Test
  void anInstanceWithoutMeshSaysNothingOfMesh() throws Exception {
    point(Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Path plain = dir.resolve("plain.yaml");
    Files.writeString(plain, Files.readString(config()).replace("    mesh:\n", ""));
    Cli r = status(plain);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).doesNotContain("Mesh");
    assertThat(JSON.readTree(status(plain, "--json").out()).get("instances").get(0).get("mesh").isNull()).isTrue();
  }
}
