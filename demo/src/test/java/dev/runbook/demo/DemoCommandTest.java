package dev.runbook.demo;

import dev.runbook.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command: `runbook demo` on embedded defaults. */
class DemoCommandTest {
  @TempDir
  Path dir;

  @Test
  void runsTheHealthCheckOfTheDemoInstanceAndRecordsIt() throws Exception {
    String catalog = dir.resolve("catalog.db").toString();
    Cli r = Cli.run("demo", "--dir", dir.resolve("demo").toString(), "--catalog", catalog);

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).containsPattern("demo: Temporal's Web UI at http://127\\.0\\.0\\.1:\\d+ ")
        .contains("demo: Temporal's server on 127.0.0.1:", "(store " + dir.resolve("demo/temporal.db"));
    assertThat(r.out()).contains("demo: Bitbucket simulator at http://127.0.0.1:", "demo: HEALTHY",
        "with 2000 repositories and 10000 pull requests")
        .containsPattern("host local\\s+local\\s+ANSWERED").containsPattern("mesh mesh-1\\s+-\\s+AVAILABLE")
        .containsPattern("ok       back up database \\[local\\]")
        .containsPattern("demo: restore point demo-\\d{8}T\\d{6}Z")
        .contains("demo: changed the data: 500 repositories in the database; README.txt says \"overwritten after the backup\"",
            "demo: after the restore: 2000 repositories in the database; README.txt says \"the shared home at backup time\"")
        .containsPattern("demo: restored to demo-\\d{8}T\\d{6}Z \\(waived by configuration\\)")
        .containsPattern("ok\\s+local\\s+stop services on node1\\s+bitbucket=inactive")
        // Its Mesh node: in the restore point, put back, started before Bitbucket and AVAILABLE before the restore ends.
        .contains("on Mesh node mesh-1, README.txt says \"overwritten after the backup\"",
            "on Mesh node mesh-1, README.txt says \"the Mesh home at backup time\"")
        .containsPattern("ok\\s+snapshot Mesh home of mesh-1 \\[local\\]")
        .containsPattern("ok\\s+local\\s+restore Mesh home of mesh-1")
        .containsPattern("ok\\s+-\\s+wait until Bitbucket reports Mesh node\\(s\\) mesh-1 AVAILABLE\\s+mesh-1 AVAILABLE")
        .containsPattern("demo-mirror\\s+REMOVED\\s+mirror upstream state REMOVED")
        .contains("demo-mirror: recovered (was removed)", "evidence now: mirror upstream state INSTALLED");
    assertThat(r.out().substring(r.out().indexOf("demo-mirror: recovered"))).contains("HEALTHY").doesNotContain("DEGRADED");
    // The restore point is proven in scratch space, and the status shows the RPO and that verification.
    assertThat(r.out()).containsPattern("demo: verified demo-\\d{8}T\\d{6}Z")
        .containsPattern("last verified restore\\s+demo-\\d{8}T\\d{6}Z").contains("(RPO now)")
        .containsPattern("Mesh nodes in point\\s+mesh-1 \\(every configured Mesh node\\)");
    assertThat(Files.readString(dir.resolve("demo/runbook.yaml"))).contains("password: 'file:");
    assertThat(Files.getPosixFilePermissions(dir.resolve("demo/bitbucket-password")))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    String password = Files.readString(dir.resolve("demo/bitbucket-password")).strip();
    assertThat(r.all()).doesNotContain(password);

    Cli history = Cli.run("history", "--catalog", catalog);
    assertThat(history.out()).containsPattern("check\\s+demo\\s+SUCCEEDED").containsPattern("backup\\s+demo\\s+SUCCEEDED")
        .containsPattern("restore\\s+demo\\s+SUCCEEDED").containsPattern("mirror-recovery\\s+demo-mirror\\s+SUCCEEDED")
        .containsPattern("verify\\s+demo\\s+SUCCEEDED");
    // The restore's evidence carries the RPO and RTO it achieved.
    String restoreRun = history.out().lines().filter(l -> l.matches("\\S+\\s+restore\\s+demo\\s+SUCCEEDED.*")).findFirst()
        .orElseThrow().split("\\s+")[0];
    Cli evidence = Cli.run("evidence", restoreRun, "-o", dir.resolve("evidence").toString(), "--catalog", catalog);
    assertThat(evidence.exit()).as(evidence.all()).isZero();
    assertThat(Files.readString(dir.resolve("evidence/evidence.md"))).contains("**RPO achieved**", "**RTO achieved**");
    // The demo's data is gone when it ends: its restore points say so in the catalog.
    var points = dev.runbook.activities.catalog.Catalog.open(dev.runbook.activities.catalog.CatalogLocation.sqlite(
        Path.of(catalog)), new dev.runbook.activities.config.Secrets(java.util.Map.of()))
        .restorePoints(new dev.runbook.workflows.catalog.RestorePointQuery("demo", java.util.List.of()));
    assertThat(points).singleElement().satisfies(p -> assertThat(p.status())
        .isEqualTo(dev.runbook.workflows.catalog.RestorePointStatus.DELETED));
  }

  /** What {@link Main#run} printed and returned. */
  private record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Cli(code, out.toString(), err.toString());
    }

    String all() {
      return out + err;
    }
  }
}
