package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units and the start script of deploy/: {@code systemd-analyze verify} finds nothing to
 * say about the units, and the script runs the installed jar with the options it is given.
 */
class SystemdUnitsTest {
  static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
  static final Path START_SCRIPT = DEPLOY.resolve("bin/runbook");
  static final List<String> UNITS = List.of("runbook-agent@.service", "runbook-worker.service", "runbook-up.service");
  /** What verify checks: the agent template through an instance of it. */
  static final List<String> VERIFIED = List.of("runbook-agent@files.service", "runbook-worker.service", "runbook-up.service");

  @TempDir
  Path dir;

  @Test
  void systemdAnalyzeVerifyHasNothingToSayAboutTheUnits() throws Exception {
    assumeTrue(analyzer() != null, "systemd-analyze is missing (Debian package systemd): units not verified");
    copyUnits();
    Result r = verify(VERIFIED);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(aboutOurUnits(r.output())).as("systemd-analyze verify about the units").isEmpty();
  }

  @Test
  void theVerificationWouldSeeABrokenUnit() throws Exception {
    assumeTrue(analyzer() != null, "systemd-analyze is missing (Debian package systemd): units not verified");
    copyUnits();
    Path worker = dir.resolve("runbook-worker.service");
    Files.writeString(worker, Files.readString(worker).replace("Restart=on-failure", "Restart=sometimes"));
    assertThat(aboutOurUnits(verify(VERIFIED).output())).anyMatch(l -> l.contains("sometimes"));
  }

  @Test
  void everyUnitRunsTheInstalledStartScriptAndAgentsLetWatchdogsEscape() throws Exception {
    for (String unit : UNITS) {
      String text = Files.readString(DEPLOY.resolve("systemd").resolve(unit));
      assertThat(text).as(unit).contains("ExecStart=/opt/runbook/bin/runbook ", "-c /etc/runbook/runbook.yaml",
          "EnvironmentFile=-/etc/runbook/runbook.env", "After=network-online.target", "Restart=on-failure", "User=runbook");
      assertThat(text).as(unit + ": KillMode=process would leave snapshot scripts behind").doesNotContain("KillMode=process");
    }
    for (String unit : List.of("runbook-agent@.service", "runbook-up.service")) {
      assertThat(Files.readString(DEPLOY.resolve("systemd").resolve(unit))).as(unit)
          .contains("Environment=RUNBOOK_WATCHDOG_CGROUP=/sys/fs/cgroup/runbook-watchdog");
    }
  }

  @Test
  void theStartScriptRunsTheJarWithTheGivenJavaAndOptions() throws Exception {
    Path java = dir.resolve("jdk/bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    Path jar = Files.writeString(dir.resolve("runbook.jar"), "not really a jar");
    Result r = run(List.of(START_SCRIPT.toString(), "agent", "--host", "two words"), dir,
        Map.of("JAVA_HOME", dir.resolve("jdk").toString(), "RUNBOOK_JAR", jar.toString(), "RUNBOOK_JAVA_OPTS", "-Xmx64m -Da=b"));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output().lines()).containsExactly("[-Xmx64m]", "[-Da=b]", "[-jar]", "[" + jar + "]", "[agent]",
        "[--host]", "[two words]");

    Result missing = run(List.of(START_SCRIPT.toString(), "--version"), dir,
        Map.of("RUNBOOK_JAR", dir.resolve("absent.jar").toString()));
    assertThat(missing.exit()).isEqualTo(4);
    assertThat(missing.output()).contains(dir.resolve("absent.jar") + " is missing or unreadable");
  }

  /** The units, copied with ExecStart pointing at the repository's start script: verify checks that it exists. */
  private void copyUnits() throws IOException {
    for (String unit : UNITS) {
      String text = Files.readString(DEPLOY.resolve("systemd").resolve(unit));
      Files.writeString(dir.resolve(unit), text.replace("/opt/runbook/bin/runbook", START_SCRIPT.toString()));
    }
  }

  private Result verify(List<String> units) throws Exception {
    List<String> command = new ArrayList<>(List.of(analyzer(), "verify", "--man=no"));
    units.forEach(u -> command.add("./" + u));
    return run(command, dir, Map.of());
  }

  /** Lines about the units under test; systemd-analyze may also talk about the host's own units. */
  private List<String> aboutOurUnits(String output) {
    return output.lines().filter(l -> l.contains(dir.toString()) || UNITS.stream().anyMatch(u -> l.contains(u.substring(0, u.indexOf('.')))))
        .toList();
  }

  private static String analyzer() {
    for (String p : List.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return null;
  }

  record Result(int exit, String output) {}

  private static Result run(List<String> command, Path dir, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
