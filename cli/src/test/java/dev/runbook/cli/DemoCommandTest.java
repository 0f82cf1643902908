package dev.runbook.cli;

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
    assertThat(r.out()).contains("demo: Bitbucket simulator at http://127.0.0.1:", "demo: HEALTHY",
        "host local  local  ANSWERED")
        .containsPattern("ok       read Bitbucket version  \\(\\d+\\.\\d+ s\\): Bitbucket 8\\.19\\.4");
    assertThat(Files.readString(dir.resolve("demo/runbook.yaml"))).contains("password: file:");
    assertThat(Files.getPosixFilePermissions(dir.resolve("demo/bitbucket-password")))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    String password = Files.readString(dir.resolve("demo/bitbucket-password")).strip();
    assertThat(r.all()).doesNotContain(password);

    Cli history = Cli.run("history", "--catalog", catalog);
    assertThat(history.out()).contains("check    demo      SUCCEEDED");
  }
}
