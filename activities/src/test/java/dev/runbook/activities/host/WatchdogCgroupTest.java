package dev.runbook.activities.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog cgroup's setting, and its move refusing a directory that is no cgroup v2 one (no root needed). */
class WatchdogCgroupTest {
  @TempDir
  Path dir;

  @Test
  void unsetOrEmptyMeansNoEscapeAndARelativeOrUnnormalizedPathIsRefused() {
    assertThat(WatchdogCgroup.fromEnvironment(Map.of())).isEmpty();
    assertThat(WatchdogCgroup.fromEnvironment(Map.of(WatchdogCgroup.VARIABLE, " "))).isEmpty();
    assertThat(WatchdogCgroup.fromEnvironment(Map.of(WatchdogCgroup.VARIABLE, "/sys/fs/cgroup/runbook-watchdog")))
        .contains(new WatchdogCgroup("/sys/fs/cgroup/runbook-watchdog"));
    for (String bad : new String[] {"runbook-watchdog", "/sys/fs/cgroup/../tmp", "/", "/sys/fs/cgroup/w/"}) {
      assertThatThrownBy(() -> WatchdogCgroup.fromEnvironment(Map.of(WatchdogCgroup.VARIABLE, bad)))
          .hasMessageContaining(WatchdogCgroup.VARIABLE + " must be the absolute, normalized path");
    }
  }

  @Test
  void aDirectoryOutsideCgroupV2IsRefusedAndNothingAfterTheMoveRuns() throws Exception {
    Path notACgroup = dir.resolve("watchdog");
    Process p = new ProcessBuilder("sh", "-c", new WatchdogCgroup(notACgroup.toString()).moveSelf(false) + "; echo started")
        .start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(3);
    assertThat(out).doesNotContain("started");
    assertThat(err).contains(notACgroup + " is not a cgroup v2 directory this agent may move processes into");
  }
}
