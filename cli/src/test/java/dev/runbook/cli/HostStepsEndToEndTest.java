package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.SshServerFixture;
import dev.runbook.worker.DevServerOptions;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host steps on the right host: two agents in their own JVMs (`files`, `node1`), one host reached
 * over SSH (`db`, a real sshd on 127.0.0.1), the control worker in this JVM. The service scripts log
 * which node they act for, when, and from which process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostStepsEndToEndTest {
  @TempDir
  static Path dir;
  static BitbucketSimulator bitbucket;
  static SshServerFixture sshd;
  static LocalStack stack;
  static RunbookProcess files;
  static RunbookProcess node1;
  static Path config;
  static Path log;

  @BeforeAll
  static void start() throws Exception {
    bitbucket = BitbucketSimulator.builder().start();
    sshd = SshServerFixture.create();
    log = dir.resolve("services.log");
    Files.writeString(dir.resolve("delay"), "1");
    // One script for every action: logs, takes `delay` seconds, keeps the node's state in a file.
    script("service.sh", """
        #!/bin/sh
        state="%1$s/state-$RUNBOOK_NODE"
        case "$RUNBOOK_ACTION" in
          status) [ "$(cat "$state" 2>/dev/null)" = running ] && exit 0 || exit 3 ;;
        esac
        echo "$RUNBOOK_ACTION $RUNBOOK_NODE begin $(date +%%s%%N) ppid=$PPID" >> %1$s/services.log
        sleep "$(cat %1$s/delay)"
        [ "$RUNBOOK_ACTION" = stop ] && echo stopped > "$state" || echo running > "$state"
        echo "$RUNBOOK_ACTION $RUNBOOK_NODE end $(date +%%s%%N)" >> %1$s/services.log
        """.formatted(dir));
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts:
          - name: files
            mode: agent
          - name: node1
            mode: agent
          - name: db
            mode: ssh
            ssh: {address: 127.0.0.1, port: %d, user: %s, keyFile: %s, knownHostsFile: %s}
        instances:
          - name: prod
            bitbucket: {baseUrl: '%s', username: admin, password: env:UNUSED_HERE}
            nodes:
              - {name: node1, host: node1}
              - {name: node2, host: files}
              - {name: node3, host: db}
            home: {host: files, mounts: [/srv/shared], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: db, name: bb, user: bb, backupRoot: /srv/backups}
            services: {provider: command, stop: %s, start: %s, status: %s}
        """.formatted(sshd.port(), sshd.user(), sshd.clientKey(), sshd.knownHosts(), bitbucket.baseUrl(),
        dir.resolve("service.sh"), dir.resolve("service.sh"), dir.resolve("service.sh")));
    Catalog catalog = Catalog.open(CatalogLocation.sqlite(dir.resolve("catalog.db")), new Secrets(Map.of()));
    stack = LocalStack.start(null, DevServerOptions.ephemeral(dir.resolve("temporal.log")), new ConfigSource(config), catalog, new Secrets(Map.of()));
    // The files agent serves its metrics on a free loopback port; its first output line after "polling" names it.
    files = RunbookProcess.start(null, Map.of(), "metrics: http", "agent", "-c", config.toString(), "--host", "files",
        "--temporal-target", target(), "--metrics-port", "0");
    node1 = RunbookProcess.agent(config, "node1", target());
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(files, node1, stack, sshd, bitbucket);
  }

  static String target() {
    return stack.target().target();
  }

  static void script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static Cli runbook(String... args) {
    return Cli.run(TestFiles.withConfig(config, target(), args));
  }

  static List<String> logLines() throws Exception {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  static long at(String line) {
    return Long.parseLong(line.split(" ")[3]);
  }

  @Test
  @Order(1)
  void everyHostAnswersFromItsOwnProcess() {
    Cli r = runbook("hosts");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out())
        .containsPattern("files\\s+agent\\s+ANSWERED\\s+prod: node node2, prod: home\\s+agent \\S+ on \\S+ as \\S+ \\(pid " + files.pid() + "\\)")
        .containsPattern("node1\\s+agent\\s+ANSWERED\\s+prod: node node1\\s+agent \\S+ on \\S+ as \\S+ \\(pid " + node1.pid() + "\\)")
        .containsPattern("db\\s+ssh\\s+ANSWERED\\s+prod: node node3, prod: database\\s+ssh: \\S+ as " + sshd.user()
            + " \\(from control worker pid " + ProcessHandle.current().pid() + "\\)");
  }

  @Test
  @Order(1)
  void theAgentsEndpointServesTheSdksMetricsOfTheStepsItRan() throws Exception {
    java.util.regex.Matcher url = java.util.regex.Pattern.compile("metrics: (http://127\\.0\\.0\\.1:\\d+/metrics)")
        .matcher(files.output());
    assertThat(url.find()).as(files.output()).isTrue();
    assertThat(runbook("hosts").exit()).isZero();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String body = "";
    long deadline = System.nanoTime() + 60_000_000_000L;
    // The SDK reports every second; wait for the report of the ping this agent just ran.
    while (!body.contains("activity_type=\"Ping\"") && System.nanoTime() < deadline) {
      body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.group(1))).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      Thread.sleep(500);
    }
    assertThat(body).containsPattern("temporal_activity_execution_latency_seconds_count\\{[^}]*activity_type=\"Ping\"[^}]*"
        + "process=\"agent\"[^}]*task_queue=\"runbook-host-files\"");
  }

  @Test
  @Order(2)
  void servicesStopOnEveryNodeInParallelEachOnItsHost() throws Exception {
    Cli r = runbook("services", "stop", "--instance", "prod", "--yes");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("prod: services stop: done")
        .containsPattern("node1\\s+node1\\s+bitbucket=inactive\\s+agent pid " + node1.pid())
        .containsPattern("node2\\s+files\\s+bitbucket=inactive\\s+agent pid " + files.pid())
        .containsPattern("node3\\s+db\\s+bitbucket=inactive\\s+ssh from control worker pid " + ProcessHandle.current().pid())
        .containsPattern("ok\\s+node1\\s+stop services on node1")
        .containsPattern("ok\\s+files\\s+stop services on node2")
        .containsPattern("ok\\s+db\\s+stop services on node3");
    List<String> lines = logLines();
    long latestBegin = lines.stream().filter(l -> l.contains(" begin ")).mapToLong(HostStepsEndToEndTest::at).max().orElseThrow();
    long earliestEnd = lines.stream().filter(l -> l.contains(" end ")).mapToLong(HostStepsEndToEndTest::at).min().orElseThrow();
    assertThat(lines.stream().filter(l -> l.startsWith("stop ") && l.contains(" begin "))).hasSize(3);
    assertThat(latestBegin).as("every node began before any finished: in parallel").isLessThan(earliestEnd);
  }

  @Test
  @Order(3)
  void stoppingNeedsConfirmation() {
    Cli r = runbook("services", "stop", "--instance", "prod");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("makes Bitbucket unavailable until they are started again; add --yes to confirm");
  }

  @Test
  @Order(4)
  void aKilledAgentsStepIsRetriedWhenTheAgentIsBack() throws Exception {
    Files.writeString(dir.resolve("delay"), "4");
    int before = logLines().size();
    CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> runbook("services", "start", "--instance", "prod"));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (logLines().stream().skip(before).noneMatch(l -> l.startsWith("start node1 begin"))) {
      assertThat(System.nanoTime()).as("node1's start script never began").isLessThan(deadline);
      Thread.sleep(50);
    }
    long killed = node1.pid();
    node1.kill();
    node1 = RunbookProcess.agent(config, "node1", target());

    Cli r = run.get();
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).containsPattern("node1\\s+node1\\s+bitbucket=active\\s+agent pid " + node1.pid())
        .doesNotContain("agent pid " + killed);
    assertThat(logLines().stream().skip(before).filter(l -> l.startsWith("start node1 begin")))
        .as("node1's step ran again on the restarted agent").hasSize(2);
    Files.writeString(dir.resolve("delay"), "1");
  }

  @Test
  @Order(5)
  void aStoppedAgentFailsTheReachabilityCheckFastAndNothingIsStopped() throws Exception {
    files.kill();
    long start = System.nanoTime();
    Cli hosts = runbook("hosts");
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertThat(hosts.exit()).isEqualTo(1);
    assertThat(seconds).as("reachability verdict time").isLessThan(10);
    assertThat(hosts.out()).containsPattern("files\\s+agent\\s+NO ANSWER\\s+.*no agent answered on runbook-host-files within 5 s");

    int before = logLines().size();
    Cli stop = runbook("services", "stop", "--instance", "prod", "--yes");
    assertThat(stop.exit()).as(stop.all()).isEqualTo(3);
    assertThat(stop.out()).contains("prod: services stop: FAILED: host files (agent): no agent answered on "
        + "runbook-host-files within 5 s (start `runbook agent --host files` there); nothing was changed");
    assertThat(logLines()).hasSize(before);
    Matcher run = Pattern.compile("runbook show ([0-9a-f]{8})").matcher(stop.out());
    assertThat(run.find()).isTrue();
    Cli show = Cli.run("show", run.group(1), "--catalog", dir.resolve("catalog.db").toString());
    assertThat(show.out()).contains("status     FAILED: host files (agent)")
        .doesNotContainPattern("stop services on");
  }
}
