package dev.runbook.activities.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.config.ServicesConfig;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.host.ServiceResult.UnitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** systemd cannot run here: its command lines and output parsing are tested through the command seam. */
class ServiceCommandsTest {
  /** A shell that records commands and answers with a canned result. */
  static final class RecordingShell implements HostShell {
    final List<Command> ran = new ArrayList<>();
    final CommandResult answer;

    RecordingShell(CommandResult answer) {
      this.answer = answer;
    }

    @Override
    public CommandResult run(Command command, Runnable tick) {
      ran.add(command);
      return answer;
    }

    @Override
    public String describe() {
      return "test";
    }

    @Override
    public void close() {
    }
  }

  private final ServiceCommands systemd = new ServiceCommands(ServicesConfig.defaults(), "prod", "node1");

  @Test
  void systemdStopsInReverseOrderAndStartsInOrderAsPrivilegedCommands() {
    assertThat(systemd.commands(ServiceAction.STOP)).extracting(Command::argv).containsExactly(
        List.of("systemctl", "stop", "atlbitbucket_search"), List.of("systemctl", "stop", "atlbitbucket"));
    assertThat(systemd.commands(ServiceAction.START)).extracting(Command::argv).containsExactly(
        List.of("systemctl", "start", "atlbitbucket"), List.of("systemctl", "start", "atlbitbucket_search"));
    assertThat(systemd.commands(ServiceAction.STOP)).allMatch(Command::privileged);
  }

  @Test
  void systemdStatusReadsOneStatePerUnitEvenWhenIsActiveExitsNonZero() {
    RecordingShell shell = new RecordingShell(new CommandResult(3, "active\ninactive\n", "", Duration.ZERO));
    assertThat(systemd.status(shell, () -> { })).containsExactly(
        new UnitState("atlbitbucket", "active"), new UnitState("atlbitbucket_search", "inactive"));
    assertThat(shell.ran).singleElement().satisfies(c -> {
      assertThat(c.argv()).containsExactly("systemctl", "is-active", "atlbitbucket", "atlbitbucket_search");
      assertThat(c.privileged()).isFalse();
    });
    RecordingShell missing = new RecordingShell(new CommandResult(4, "", "", Duration.ZERO));
    assertThat(systemd.status(missing, () -> { })).extracting(UnitState::state).containsOnly("unknown");
  }

  @Test
  void scriptsGetTheInstanceNodeAndActionAndSudoOnlyWhenAsked() {
    ServiceCommands scripts = new ServiceCommands(new ServicesConfig.Command("/opt/stop", "/opt/start", "/opt/status", true),
        "prod", "node2");
    Command stop = scripts.commands(ServiceAction.STOP).get(0);
    assertThat(stop.argv()).containsExactly("/opt/stop");
    assertThat(stop.privileged()).isTrue();
    assertThat(stop.env()).containsEntry("RUNBOOK_INSTANCE", "prod").containsEntry("RUNBOOK_NODE", "node2")
        .containsEntry("RUNBOOK_ACTION", "stop");
    assertThat(scripts.status(new RecordingShell(new CommandResult(3, "", "", Duration.ZERO)), () -> { }))
        .containsExactly(new UnitState("bitbucket", "inactive"));
    ServiceCommands noStatus = new ServiceCommands(new ServicesConfig.Command("/opt/stop", "/opt/start", null, null), "prod", "n");
    assertThat(noStatus.commands(ServiceAction.START).get(0).privileged()).isFalse();
    assertThat(noStatus.status(new RecordingShell(null), () -> { })).extracting(UnitState::state)
        .containsExactly("unknown (no status script)");
  }
}
