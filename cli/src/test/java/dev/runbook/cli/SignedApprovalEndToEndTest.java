package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.approval.SshSigner;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.worker.LocalStack;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.restore.RestoreInput;
import dev.runbook.workflows.restore.RestorePlan;
import dev.runbook.workflows.restore.RestoreResult;
import dev.runbook.workflows.run.Decision;
import dev.runbook.workflows.run.Failures;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code approval: signed} end to end on Temporal's real server: requests and decisions signed with real OpenSSH
 * keys (ssh-keygen), checked by the workflow's update validator and again by the agent before the home is replaced.
 * A forged name, the requester's own key, another run's signature, a stale one and an unsigned start are refused;
 * the genuine second person's approval restores.
 */
class SignedApprovalEndToEndTest {
  static final Duration RUN_LIMIT = Duration.ofMinutes(3);

  static LoopFilesystems fs;
  static SimulatedBitbucket bitbucket;
  static LocalStack stack;
  static Path dir;
  static Path config;
  static Path catalogFile;
  static Path alice;
  static Path bob;
  static Path mallory;

  @BeforeAll
  static void start() throws Exception {
    fs = TestStacks.loopFilesystems("signed approval end-to-end tests skipped (the home is a tmpfs mount point)");
    dir = fs.dir();
    alice = key("alice");
    bob = key("bob");
    mallory = key("mallory");
    Path home = fs.tmpfs("home");
    bitbucket = SimulatedBitbucket.start(dir);
    String services = bitbucket.services(Duration.ofMillis(300), null);
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        approval: signed
        approvers:
          - {name: alice, key: '%1$s'}
          - {name: bob, key: '%2$s'}
        hosts: [{name: local, mode: local}]
        instances:
          - name: signed
            bitbucket: %3$s
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%4$s], snapshot: {provider: command, snapshot: %5$s, restore: %6$s}}
            database: {provider: postgresql-fslevel, host: local, dataDirectory: %4$s/postgresql}
            services: %7$s
            restore: {stopTimeout: 30s, startTimeout: 30s}
        """.formatted(pub(alice), pub(bob), bitbucket.yaml(), home,
        TestFiles.script(dir, "snapshot.sh", "true"),
        TestFiles.script(dir, "restore.sh", "echo \"$RUNBOOK_ACTION $RUNBOOK_INSTANCE\" >> " + dir + "/restore.log"),
        services));
    catalogFile = dir.resolve("catalog.db");
    stack = TestStacks.local(config, catalogFile);
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(stack, bitbucket, fs);
  }

  @Test
  void onlyTheGenuineSecondPersonsSignedApprovalRestores() throws Exception {
    String target = stack.target().target();
    Cli validate = Cli.run("config", "validate", "--no-secrets", "-c", config.toString());
    assertThat(validate.out()).as(validate.all()).contains("approval: signed: requests and decisions need the SSH key of one of alice, bob");
    Cli backup = Cli.run(TestFiles.withConfig(config, target, "backup", "--instance", "signed"));
    assertThat(backup.exit()).as(backup.all()).isZero();
    Files.deleteIfExists(dir.resolve("restore.log"));

    // Someone with access to Temporal starts a restore without a signed request: refused before anything changes.
    WorkflowStub unsigned = stack.client().newUntypedWorkflowStub("Restore", WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.CONTROL).setWorkflowId("restore-signed-unsigned").build());
    unsigned.start(new RestoreInput("signed", "latest", false, false, Trigger.CLI, "mallory"));
    assertThatThrownBy(() -> unsigned.getResult(RestoreResult.class)).satisfies(e ->
        assertThat(Failures.describe(e)).contains("carries no signed request"));

    Background restore = Background.start("started: run",
        TestFiles.withConfig(config, target, "restore", "--instance", "signed", "--key", alice.toString()));
    try {
      String waiting = DurabilityEndToEndTest.awaitOutput(restore, Pattern.compile("waiting: runbook approve ([0-9a-f]{8})"));

      Cli forged = approve(waiting, "bob", mallory);
      assertThat(forged.exit()).as(forged.all()).isEqualTo(2);
      assertThat(forged.err()).contains("no approver's key");
      Cli borrowedName = approve(waiting, "bob", alice);
      assertThat(borrowedName.exit()).as(borrowedName.all()).isEqualTo(2);
      assertThat(borrowedName.err()).contains("names bob but is signed by alice (SHA256:");
      Cli own = approve(waiting, "alice", alice);
      assertThat(own.exit()).as(own.all()).isEqualTo(2);
      assertThat(own.err()).contains("asked for this restore and cannot also approve it");

      WorkflowStub run = stack.client().newUntypedWorkflowStub(workflowId(restore.out()), Optional.empty(), Optional.empty());
      String runId = run.describe().getExecution().getRunId();
      String point = run.query("plan", RestorePlan.class).restorePointId();
      long now = System.currentTimeMillis();
      assertThatThrownBy(() -> run.update("approve", String.class, signedByBob(UUID.randomUUID().toString(), point, now)))
          .satisfies(e -> assertThat(Failures.describe(e)).contains("a signature from another run is refused"));
      assertThatThrownBy(() -> run.update("approve", String.class, signedByBob(runId, point, now - Duration.ofHours(2).toMillis())))
          .satisfies(e -> assertThat(Failures.describe(e)).contains("stale"));
      assertThat(restoreLog()).as("nothing restored while refused").isEmpty();

      Cli genuine = approve(waiting, "bob", bob);
      assertThat(genuine.exit()).as(genuine.all()).isZero();
      assertThat(restore.exit(RUN_LIMIT)).as(restore.all()).isZero();
      assertThat(restore.out()).containsPattern("restored to signed-\\S+ \\(approved by bob \\(SHA256:[A-Za-z0-9+/]{43}\\): incident 9\\)");
      assertThat(restoreLog()).containsExactly("restore signed");
      Cli show = Cli.run("show", waiting, "--catalog", catalogFile.toString());
      assertThat(show.out()).containsPattern("APPROVED by bob \\(SHA256:\\S+\\): incident 9");
    } finally {
      end(restore, stack.client());
    }
  }

  /** Ends a restore a failed assertion left waiting for approval, so the test ends too. */
  static void end(Background restore, io.temporal.client.WorkflowClient client) {
    Matcher m = Pattern.compile("\\(workflow (\\S+)\\)").matcher(restore.out());
    if (m.find()) {
      try {
        client.newUntypedWorkflowStub(m.group(1), Optional.empty(), Optional.empty()).terminate("test ended");
      } catch (RuntimeException e) {
        // It ended by itself.
      }
    }
    restore.close();
  }

  /**
   * Whoever reaches Temporal can run a control worker that answers for the workflow without checking anything (here:
   * one whose configuration says approval: named) and approve under any name. The agent, whose own configuration
   * says approval: signed, still refuses to replace the home, and the run puts the services back.
   */
  @Test
  void anAgentWithSignedApprovalsRefusesARestoreThatARogueWorkerApproved(@TempDir Path tmp) throws Exception {
    String yaml = Files.readString(config).replace("host: local", "host: files")
        .replace("hosts: [{name: local, mode: local}]", "hosts: [{name: files, mode: agent}]");
    Path agentConfig = Files.writeString(tmp.resolve("agent.yaml"), yaml);
    Path rogueConfig = Files.writeString(tmp.resolve("rogue.yaml"), yaml.replace("approval: signed", "approval: named"));
    try (SeparateProcesses p = new SeparateProcesses(rogueConfig, "files", tmp)) {
      p.agent.close();
      p.agent = RunbookProcess.agent(agentConfig, "files", p.target);
      Cli backup = Cli.run(TestFiles.withConfig(rogueConfig, p.target, "backup", "--instance", "signed"));
      assertThat(backup.exit()).as(backup.all()).isZero();
      Files.deleteIfExists(dir.resolve("restore.log"));
      Background restore = Background.start("started: run",
          TestFiles.withConfig(rogueConfig, p.target, "restore", "--instance", "signed"));
      try {
        String waiting = DurabilityEndToEndTest.awaitOutput(restore, Pattern.compile("waiting: runbook approve ([0-9a-f]{8})"));
        Cli approve = Cli.run("approve", waiting, "--as", "bob", "--reason", "trust me", "--catalog", p.catalog.toString(),
            "--temporal-target", p.target);
        assertThat(approve.exit()).as("the rogue worker takes any name: " + approve.all()).isZero();
        assertThat(restore.exit(RUN_LIMIT)).as(restore.all()).isEqualTo(1);
        assertThat(restore.out()).contains("host files refuses to restore signed: this step carries no signed request");
      } finally {
        end(restore, io.temporal.client.WorkflowClient.newInstance(io.temporal.serviceclient.WorkflowServiceStubs
            .newServiceStubs(io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder().setTarget(p.target).build())));
      }
      // The failed step's undo ran (nothing to put back); the restore itself never did.
      assertThat(restoreLog()).as("the home was never replaced").doesNotContain("restore signed");
    }
  }

  /** What the home provider's restore script was asked to do, in order. */
  static java.util.List<String> restoreLog() throws Exception {
    Path log = dir.resolve("restore.log");
    return Files.exists(log) ? Files.readAllLines(log) : java.util.List.of();
  }

  static Cli approve(String run, String as, Path key) {
    return Cli.run(TestFiles.withConfig(config, stack.target().target(), "approve", run, "--as", as, "--reason",
        "incident 9", "--catalog", catalogFile.toString(), "--key", key.toString()));
  }

  static Decision signedByBob(String runId, String point, long at) {
    Decision d = new Decision("bob", "incident 9", runId, point, UUID.randomUUID().toString(), at, null);
    return d.signedWith(SshSigner.of(bob).sign(d.text("approve")));
  }

  static String workflowId(String out) {
    Matcher m = Pattern.compile("\\(workflow (\\S+)\\)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  static Path key(String name) throws Exception {
    Path key = dir.resolve(name);
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    return key;
  }

  static String pub(Path key) throws Exception {
    return Files.readString(Path.of(key + ".pub")).trim();
  }
}
