package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.MirrorSimulator;
import dev.runbook.testkit.PrimaryMirroring.MirrorRequest;
import dev.runbook.worker.LocalStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror runbooks end to end against the mirroring simulator: real HTTP, the real client, the
 * embedded Temporal server and a local host agent whose service scripts stop and start a mirror node.
 */
class MirrorEndToEndTest {
  static final String PRIMARY_PASSWORD = "primary-admin-secret";
  static final String MIRROR_PASSWORD = "mirror-admin-secret";

  @TempDir
  static Path dir;
  static BitbucketSimulator prod;
  static BitbucketSimulator staging;
  static MirrorSimulator eu;
  static MirrorSimulator us;
  static MirrorSimulator farm;
  static MirrorSimulator stuck;
  static MirrorSimulator slow;
  static MirrorSimulator watch;
  static MirrorSimulator calm;
  static LocalStack stack;
  static Path config;
  static Path catalogFile;
  static Path serviceLog;
  static final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    prod = track(BitbucketSimulator.builder().admin("admin", PRIMARY_PASSWORD).start());
    eu = track(mirror("eu", "8.19.4", 1).id("EU01-AAAA-BBBB-CCCC").start());
    us = track(mirror("us", "9.2.0", 1).start());
    farm = track(mirror("farm", "9.6.0", 2).start());
    stuck = track(mirror("stuck", "8.19.4", 2).start());
    // Installs slowly, so a run can be stopped between the accept and INSTALLED.
    slow = track(mirror("slow", "9.2.0", 1).installDelay(Duration.ofSeconds(4)).start());
    watch = track(mirror("watch", "9.2.0", 1).start());
    calm = track(mirror("calm", "8.19.4", 1).start());
    // A staging instance cloned from production: it lists production's mirrors, with the same ids and URLs.
    staging = track(BitbucketSimulator.builder().admin("admin", PRIMARY_PASSWORD).start());
    staging.mirroring().cloneFrom(prod.mirroring());

    // The stuck mirror is a two-node farm whose nodes' services are played by state files the scripts write.
    for (int i = 0; i < 2; i++) {
      Path state = dir.resolve("state-s" + (i + 1));
      Files.writeString(state, "running");
      stuck.followServiceState(i, state, Duration.ofMillis(300));
    }
    serviceLog = dir.resolve("services.log");
    String state = dir + "/state-$RUNBOOK_NODE";
    // Like systemctl stop, the script returns once the service is down (the simulator looks every 100 ms).
    Path stop = script("stop.sh", "echo stopped > " + state + "\nsleep 0.4\necho \"stop $RUNBOOK_INSTANCE $RUNBOOK_NODE\" >> "
        + serviceLog);
    Path startScript = script("start.sh", "echo running > " + state + "\necho \"start $RUNBOOK_INSTANCE $RUNBOOK_NODE\" >> "
        + serviceLog);
    Path status = script("status.sh", "[ \"$(cat " + state + ")\" = running ] && exit 0 || exit 3");
    Path primaryPw = secret("primary-password", PRIMARY_PASSWORD);
    Path mirrorPw = secret("mirror-password", MIRROR_PASSWORD);
    String instance = """
          - name: %s
            bitbucket: {baseUrl: '%s', username: admin, password: 'file:%s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [/srv/%1$s], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: local, name: %1$s, user: bb, backupRoot: /tmp}
        """;
    String quick = "{installTimeout: 20s, syncTimeout: 30s, pollInterval: 200ms, requireApproval: false}";
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, "hosts: [{name: local, mode: local}]\ninstances:\n"
        + instance.formatted("prod", prod.baseUrl(), primaryPw) + instance.formatted("staging", staging.baseUrl(), primaryPw)
        + "mirrors:\n"
        + mirrorEntry(eu, mirrorPw, "mirrorId: " + eu.id() + ", recovery: {installTimeout: 20s, syncTimeout: 30s, "
            + "pollInterval: 200ms}")
        + mirrorEntry(us, mirrorPw, "recovery: " + quick)
        + mirrorEntry(farm, mirrorPw, "nodes: [{name: m1, host: local, url: '" + farm.nodeUrls().get(0) + "'}, {name: m2, "
            + "host: local, url: '" + farm.nodeUrls().get(1) + "'}], recovery: " + quick)
        + mirrorEntry(stuck, mirrorPw, "nodes: [{name: s1, host: local, url: '" + stuck.nodeUrls().get(0) + "'}, {name: s2, "
            + "host: local, url: '" + stuck.nodeUrls().get(1) + "'}], services: {provider: command, stop: " + stop
            + ", start: " + startScript + ", status: " + status + "}, recovery: {installTimeout: 20s, syncTimeout: 3s, "
            + "pollInterval: 200ms, requireApproval: false}")
        + mirrorEntry(slow, mirrorPw, "recovery: " + quick)
        + mirrorEntry(watch, mirrorPw, "autoRecover: true, recovery: " + quick.replace("requireApproval: false",
            "requireApproval: true"))
        + mirrorEntry(calm, mirrorPw, "recovery: " + quick));
    catalogFile = dir.resolve("catalog.db");
    stack = TestStacks.local(config, catalogFile);
    closing.add(0, stack);
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(closing.toArray(AutoCloseable[]::new));
  }

  @Test
  void theGuardFindsEveryMirrorStagingSharesAndDeletesNothing() {
    int before = staging.mirroring().servers().size();
    Cli r = runbook("mirror", "guard", "--staging", "staging", "--production", "prod");
    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("SHARED: staging lists " + before + " of prod's mirrors", calm.id(), "id and base URL",
        "Do NOT delete these mirrors", "Block all traffic from staging");
    assertThat(staging.mirroring().servers()).hasSize(before);
    assertThat(staging.mirroring().deletes(calm.id())).isZero();
  }

  @Test
  void aHealthyMirrorIsRefusedWithItsEvidence() {
    Cli r = runbook("mirror", "recover", "--mirror", "calm");
    assertThat(r.exit()).as(r.all()).isEqualTo(3);
    assertThat(r.exit()).as(r.all()).isEqualTo(3);
    assertThat(r.out()).contains("mirror calm is healthy, nothing to recover", "mirror upstream state INSTALLED",
        "synchronized 12 of 12 repositories");
    assertThat(calm.reconnects()).isZero();
    assertThat(prod.mirroring().deletes(calm.id())).isZero();
  }

  @Test
  void aMirrorDeletedFromStagingIsDiagnosedAndRecoveredWithApprovalLeavingAnotherMirrorsRequestAlone() throws Exception {
    deleteThroughStaging(eu);
    assertThat(eu.upstreamState()).isEqualTo("REMOVED");
    assertThat(prod.mirroring().server(eu.id())).as("production's record stays, stale").isPresent();
    MirrorRequest other = prod.mirroring().addPendingRequest("OTHR-1111-2222-3333", "other", "http://127.0.0.1:9/other");

    Cli check = runbook("mirror", "check", "--mirror", "eu");
    assertThat(check.exit()).as(check.all()).isEqualTo(1);
    assertThat(check.out()).containsPattern("eu\\s+REMOVED\\s+mirror upstream state REMOVED")
        .contains("1 PENDING request(s) from other mirrors", "DEGRADED", "runbook mirror recover --mirror eu");

    Cli r = recoverApprovedByBob("mirror", "recover", "--mirror", "eu", "--follow");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("eu: recovered (was removed)", "removed stale record " + eu.id() + " on prod",
        "accepted request", "evidence now: mirror upstream state INSTALLED");
    assertThat(eu.upstreamState()).isEqualTo("INSTALLED");
    assertThat(eu.syncedRepos()).isEqualTo(eu.totalRepos());
    assertThat(prod.mirroring().accepts(eu.id())).isEqualTo(1);
    assertThat(prod.mirroring().requests()).filteredOn(q -> q.id() == other.id())
        .singleElement().extracting(MirrorRequest::state).isEqualTo("PENDING");
    assertThat(runbook("mirror", "check", "--mirror", "eu").exit()).isZero();
    assertThat(r.all()).doesNotContain(MIRROR_PASSWORD).doesNotContain(PRIMARY_PASSWORD);
    assertThat(Files.readString(catalogFile, StandardCharsets.ISO_8859_1)).doesNotContain(MIRROR_PASSWORD)
        .doesNotContain(PRIMARY_PASSWORD);
    Matcher workflow = Pattern.compile("\\(workflow (mirror-recovery-eu-[^)]+)\\)").matcher(r.out());
    assertThat(workflow.find()).isTrue();
    // Protobuf text shows the payloads as (escaped) text, unlike the JSON form, which has them in base64.
    String history = stack.client().fetchHistory(workflow.group(1)).getEvents().toString();
    assertThat(history).contains("removed stale record").doesNotContain(MIRROR_PASSWORD).doesNotContain(PRIMARY_PASSWORD);
  }

  @Test
  void aNineXMirrorIsRecoveredFoundByItsBaseUrl() {
    us.playStagingDeletion();
    Cli r = runbook("mirror", "recover", "--mirror", "us");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(us.upstreamState()).isEqualTo("INSTALLED");
    assertThat(us.syncedRepos()).isEqualTo(us.totalRepos());
    assertThat(prod.mirroring().accepts(us.id())).isEqualTo(1);
  }

  @Test
  void aTwoNodeFarmIsCheckedNodeByNodeAndRecovered() {
    farm.setNodeListening(1, false);
    Cli down = runbook("mirror", "check", "--mirror", "farm");
    assertThat(down.exit()).as(down.all()).isEqualTo(1);
    assertThat(down.out()).containsPattern("farm\\s+NODE_DOWN\\s+node m2 \\(" + Pattern.quote(farm.nodeUrls().get(1).toString())
        + "\\) unreachable").contains("node m1 (" + farm.nodeUrls().get(0) + ") RUNNING, upstream INSTALLED");
    farm.setNodeListening(1, true);

    farm.playStagingDeletion();
    Cli check = runbook("mirror", "check", "--mirror", "farm");
    assertThat(check.exit()).as(check.all()).isEqualTo(1);
    assertThat(check.out()).containsPattern("farm\\s+REMOVED\\s+mirror upstream state REMOVED");
    for (URI node : farm.nodeUrls()) {
      assertThat(check.out()).contains("127.0.0.1:" + node.getPort());
    }
    Cli r = runbook("mirror", "recover", "--mirror", "farm");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(farm.upstreamState()).isEqualTo("INSTALLED");
    assertThat(farm.syncedRepos()).isEqualTo(farm.totalRepos());
    assertThat(runbook("mirror", "check", "--mirror", "farm").exit()).isZero();
  }

  @Test
  void aSynchronizationStuckUntilRestartIsRecoveredByRestartingTheFarmNodeByNode() throws Exception {
    stuck.playStagingDeletion();
    stuck.setSyncStuckUntilRestart(true);
    Cli r = runbook("mirror", "recover", "--mirror", "stuck");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("restarted the mirror service on s1, s2")
        .containsPattern("ok\\s+local\\s+wait for s1 to answer RUNNING\\s+node s1 answers RUNNING at");
    assertThat(Files.readAllLines(serviceLog)).as("one node at a time")
        .containsExactly("stop stuck s1", "start stuck s1", "stop stuck s2", "start stuck s2");
    assertThat(stuck.syncedRepos()).isEqualTo(stuck.totalRepos());
  }

  @Test
  void reRunningAfterACrashBetweenAcceptAndSyncWaitCompletesWithoutASecondAccept() throws Exception {
    slow.playStagingDeletion();
    slow.setInstallHeld(true); // PENDING after the accept until released, however long the terminate takes
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true), args("mirror", "recover", "--mirror", "slow")));
    await(() -> prod.mirroring().accepts(slow.id()) == 1, "the first run accepts");
    Matcher workflow = Pattern.compile("\\(workflow (mirror-recovery-slow-[^)]+)\\)").matcher(out.toString());
    assertThat(workflow.find()).as(out.toString()).isTrue();
    // The run dies here, between the accept and the mirror reporting INSTALLED.
    stack.client().newUntypedWorkflowStub(workflow.group(1)).terminate("crash after the accept");
    assertThat(first.get()).isEqualTo(1);
    assertThat(slow.upstreamState()).isEqualTo("PENDING");
    assertThat(prod.mirroring().server(slow.id())).as("the accept put the record back").isPresent();

    slow.setInstallHeld(false);
    Cli again = runbook("mirror", "recover", "--mirror", "slow");
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out()).contains("recovered (was pending)");
    assertThat(prod.mirroring().accepts(slow.id())).isEqualTo(1);
    assertThat(prod.mirroring().deletes(slow.id())).as("the accepted record was kept").isEqualTo(1);
    assertThat(slow.reconnects()).isEqualTo(1);
    assertThat(slow.syncedRepos()).isEqualTo(slow.totalRepos());
  }

  @Test
  void autoRecoverStartsOneRecoveryFromTheCheckWhichStillNeedsApproval() {
    watch.playStagingDeletion();
    Cli check = runbook("mirror", "check", "--mirror", "watch");
    assertThat(check.exit()).as(check.all()).isEqualTo(1);
    assertThat(check.out()).contains("watch: autoRecover started mirror-recovery-watch-auto; it waits for approval");
    Cli again = runbook("mirror", "check", "--mirror", "watch");
    assertThat(again.out()).as(again.all()).contains("watch: autoRecover already running: mirror-recovery-watch-auto");
    assertThat(watch.reconnects()).as("nothing changes before approval").isZero();
    await(() -> Cli.run("approve", "mirror-recovery-watch-auto", "--as", "bob", "--reason", "page 12", "--catalog",
        catalogFile.toString(), "--temporal-target", stack.target().target()).exit() == 0, "the recovery takes the approval");
    await(() -> "INSTALLED".equals(watch.upstreamState()) && watch.syncedRepos() == watch.totalRepos(),
        "the approved recovery brings the mirror back");
    assertThat(prod.mirroring().accepts(watch.id())).isEqualTo(1);
  }

  @Test
  void anUnknownMirrorIsInvalidInput() {
    Cli r = runbook("mirror", "recover", "--mirror", "nope");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no mirror 'nope'", "mirrors: eu, us, farm, stuck, slow, watch, calm");
  }

  // --- helpers ---

  static MirrorSimulator.Builder mirror(String name, String version, int nodes) {
    return MirrorSimulator.builder(prod).name(name).version(version).nodes(nodes).admin("admin", MIRROR_PASSWORD)
        .syncInterval(Duration.ofMillis(50)).installDelay(Duration.ofMillis(200));
  }

  static String mirrorEntry(MirrorSimulator m, Path password, String more) {
    return "  - {name: %s, primary: prod, baseUrl: '%s', username: admin, password: 'file:%s', %s}\n"
        .formatted(m.name(), m.baseUrl(), password, more);
  }

  static <T extends AutoCloseable> T track(T c) {
    closing.add(c);
    return c;
  }

  /** Plays the incident as it happens: an administrator deletes the mirror in staging's copy of production. */
  static void deleteThroughStaging(MirrorSimulator m) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(staging.baseUrl() + "/rest/mirroring/latest/mirrorServers/" + m.id()))
        .DELETE().header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PRIMARY_PASSWORD)
            .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
  }

  static Cli recoverApprovedByBob(String... a) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out, true),
        new PrintWriter(err, true), args(a)));
    Matcher waiting = Pattern.compile("waiting: runbook approve ([0-9a-f]{8})").matcher("");
    await(() -> waiting.reset(out.toString()).find() || run.isDone(), "the recovery asks for approval");
    assertThat(run.isDone()).as(out + err.toString()).isFalse();
    String runId = waiting.group(1);
    Cli self = Cli.run("approve", runId, "--as", System.getProperty("user.name"), "--reason", "mine",
        "--catalog", catalogFile.toString(), "--temporal-target", stack.target().target());
    assertThat(self.exit()).as(self.all()).isEqualTo(2);
    assertThat(eu.reconnects()).as("nothing changes before approval").isZero();
    Cli approved = Cli.run("approve", runId, "--as", "bob", "--reason", "staging incident", "--catalog",
        catalogFile.toString(), "--temporal-target", stack.target().target());
    assertThat(approved.exit()).as(approved.all()).isZero();
    return new Cli(run.get(), out.toString(), err.toString());
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  static String[] args(String... args) {
    return TestFiles.withConfig(config, stack.target().target(), args);
  }

  static Cli runbook(String... a) {
    return Cli.run(args(a));
  }

  static Path secret(String name, String content) throws Exception {
    return TestFiles.secret(dir, name, content);
  }

  static Path script(String name, String body) throws Exception {
    return TestFiles.script(dir, name, body);
  }
}
