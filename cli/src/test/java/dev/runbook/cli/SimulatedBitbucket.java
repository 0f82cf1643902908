package dev.runbook.cli;

import dev.runbook.testkit.BitbucketSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Bitbucket simulator as most end-to-end tests configure it: admin {@code admin}, whose password
 * ({@value #PASSWORD}) is in a secret file beside the test's other files. With {@link #services}, the
 * operator's service scripts (the {@code command} provider) stop and start it through a state file it
 * follows, so a runbook's waits on {@code /status} are real.
 */
final class SimulatedBitbucket implements AutoCloseable {
  static final String PASSWORD = "simulated";

  final BitbucketSimulator simulator;
  final Path password;
  private final Path dir;

  private SimulatedBitbucket(Path dir, BitbucketSimulator simulator, Path password) {
    this.dir = dir;
    this.simulator = simulator;
    this.password = password;
  }

  /** Starts the simulator and writes its password to {@code dir/bb-password}. */
  static SimulatedBitbucket start(Path dir) throws IOException {
    BitbucketSimulator simulator = BitbucketSimulator.builder().admin("admin", PASSWORD).start();
    try {
      return new SimulatedBitbucket(dir, simulator, TestFiles.secret(dir, "bb-password", PASSWORD));
    } catch (IOException | RuntimeException e) {
      simulator.close();
      throw e;
    }
  }

  /** An instance's {@code bitbucket:} mapping in runbook.yaml: this simulator, its admin and password file. */
  String yaml() {
    return "{baseUrl: '%s', username: admin, password: 'file:%s'}".formatted(simulator.baseUrl(), password);
  }

  /**
   * Writes {@code stop.sh}, {@code start.sh} and {@code status.sh}, which set and read {@code dir/service-state}
   * (running at first), and makes the simulator follow that file, taking {@code startup} to answer RUNNING after a
   * start. With a {@code log}, the stop and start scripts each append a line naming the node ({@code stop node1}).
   *
   * @return the instance's {@code services:} mapping in runbook.yaml
   */
  String services(Duration startup, Path log) throws IOException {
    Path state = dir.resolve("service-state");
    Files.writeString(state, "running");
    simulator.followServiceState(state, startup);
    String stopLog = log == null ? "" : "\necho \"stop $RUNBOOK_NODE\" >> " + log;
    String startLog = log == null ? "" : "\necho \"start $RUNBOOK_NODE\" >> " + log;
    return "{provider: command, stop: %s, start: %s, status: %s}".formatted(
        TestFiles.script(dir, "stop.sh", "echo stopped > " + state + stopLog),
        TestFiles.script(dir, "start.sh", "echo running > " + state + startLog),
        TestFiles.script(dir, "status.sh", "[ \"$(cat " + state + ")\" = running ] && exit 0 || exit 3"));
  }

  @Override
  public void close() {
    simulator.close();
  }
}
