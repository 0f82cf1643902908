package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host whose agent is alive but has every slot taken, on Temporal's real server: the agent of {@code files} (its
 * own JVM) takes one step at a time ({@code workers.agent}: 1 poller, 1 slot), and ten concurrent services status
 * runs queue ten 1.5-second steps on it, so a ping queued behind them waits longer than its 5 s. The run pinging it
 * asks Temporal, sees that the agent polled since, and waits; a host with no agent still fails at once, naming
 * its queue. The steps are short so that the agent polls several times within the ping's 5 s even on a loaded
 * machine: a step held longer than that leaves no poll to see, which Temporal cannot tell from a stopped agent
 * (4-second steps failed so once in CI).
 */
class BusyAgentEndToEndTest {
  private static final String PASSWORD = "Sup3r-S3cret-Admin-Pw";
  private static final int RUNS = 10;

  @TempDir
  static Path dir;
  static BitbucketSimulator bitbucket;
  static LocalStack stack;
  static RunbookProcess files;
  static Path config;
  static Path log;

  @BeforeAll
  static void start() throws Exception {
    bitbucket = BitbucketSimulator.builder().version("8.19.4").admin("admin", PASSWORD).start();
    Path secret = TestFiles.secret(dir, "bb-password", PASSWORD + "\n");
    log = dir.resolve("status.log");
    Path status = TestFiles.script(dir, "status.sh", """
        echo "status $RUNBOOK_NODE begin" >> %1$s
        sleep 1.5
        echo "status $RUNBOOK_NODE end" >> %1$s
        """.formatted(log));
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        workers:
          agent: {activityPollers: 1, maxConcurrentActivities: 1}
        hosts:
          - name: files
            mode: agent
          - name: ghost
            mode: agent
        instances:
          - name: prod
            bitbucket: {baseUrl: '%s', username: admin, password: 'file:%s'}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [/srv/shared], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /srv/backups}
            services: {provider: command, stop: %s, start: %s, status: %s}
        """.formatted(bitbucket.baseUrl(), secret, status, status, status));
    stack = TestStacks.local(config, dir.resolve("catalog.db"));
    files = RunbookProcess.agent(config, "files", stack.target().target());
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(files, stack, bitbucket);
  }

  static Cli runbook(String... args) {
    return Cli.run(TestFiles.withConfig(config, stack.target().target(), args));
  }

  static List<String> logLines() throws Exception {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  @Test
  void aCheckWaitsForAnAgentWhoseOnlySlotIsTakenAndCompletes() throws Exception {
    List<CompletableFuture<Cli>> statuses = IntStream.range(0, RUNS)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> runbook("services", "status", "--instance", "prod"))).toList();
    // Once the second status step runs, the others are queued behind it (each run's ping went first).
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (logLines().stream().filter(l -> l.endsWith(" begin")).count() < 2) {
      assertThat(System.nanoTime()).as("the status steps did not begin").isLessThan(deadline);
      Thread.sleep(50);
    }
    Thread.sleep(1000);

    Cli check = runbook("check", "--instance", "prod", "--follow");
    System.out.println(check.out());

    assertThat(check.exit()).as(check.all()).isZero();
    assertThat(check.out()).contains("prod: HEALTHY");
    // Temporal's matching is not first-in first-out across a queue's partitions, so the ping may overtake the
    // queued steps; when it did not (the usual case), it waited past its 5 s and the step says why.
    Matcher ping = Pattern.compile("ok\\s+ping host files \\[files\\]\\s+\\((\\d+)\\.\\d+ s\\)").matcher(check.out());
    assertThat(ping.find()).as(check.out()).isTrue();
    if (Integer.parseInt(ping.group(1)) >= 5) {
      assertThat(check.out()).containsPattern("ok\\s+ping host files \\[files\\].*: agent \\S+ on \\S+ as \\S+ \\(pid "
          + files.pid() + "\\); the agent of host files was alive \\(1 worker polling, newest poll \\d+ s ago, after the step "
          + "was queued.*\\) but busy; it took the step \\d+ s after it was scheduled");
    }
    for (CompletableFuture<Cli> run : statuses) {
      Cli status = run.get();
      assertThat(status.exit()).as(status.all()).isZero();
    }
    assertThat(logLines().stream().filter(l -> l.endsWith(" end"))).as("every run's status step ran").hasSize(RUNS);
  }

  @Test
  void aHostWithoutAgentStillFailsAtOnceNamingItsQueue() {
    Cli hosts = runbook("hosts", "--follow");
    System.out.println(hosts.out());

    assertThat(hosts.exit()).as(hosts.all()).isEqualTo(1);
    assertThat(hosts.out()).containsPattern("ghost\\s+agent\\s+NO ANSWER\\s+.*no agent answered on runbook-host-ghost within 5 s")
        .containsPattern("files\\s+agent\\s+ANSWERED")
        .containsPattern("FAILED\\s+ping host ghost \\[ghost\\].*: timed out \\(schedule-to-start\\): nothing took the step from"
            + " runbook-host-ghost within 5 s, and Temporal lists no worker polling it .*is the agent of host ghost running\\?")
        .doesNotContain("busy");
  }
}
