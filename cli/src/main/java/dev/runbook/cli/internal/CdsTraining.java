package dev.runbook.cli.internal;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.config.Secrets;
import dev.runbook.cli.Main;
import dev.runbook.workflows.backup.BackupInput;
import dev.runbook.workflows.backup.BackupWorkflow;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the launcher's class-data-sharing archive ({@code deploy/bin/runbook}): the launcher runs
 * it once per jar and JVM with {@code -XX:DumpLoadedClassList} and dumps the classes it loaded into the archive,
 * so that it holds the classes short commands load. It exercises them in one JVM without side effects: help
 * and version, config validation, a catalog read (in a temporary directory, deleted after), and {@code runbook
 * backup} and a run start against a local port that refuses them, so the Temporal client's classes are loaded
 * too. Contacts nothing but 127.0.0.1; output is discarded.
 */
public final class CdsTraining {
  private static final String CONFIG = """
      hosts: [{name: files, mode: local}]
      instances:
        - name: prod
          bitbucket: {baseUrl: 'http://127.0.0.1:1', username: admin, password: env:RUNBOOK_TRAINING_UNUSED}
          nodes: [{name: node1, host: files}]
          home: {host: files, mounts: [/srv/bitbucket/shared], snapshot: {provider: btrfs}}
          database: {provider: postgresql, host: files, name: bitbucket, user: bitbucket, backupRoot: /srv/backups}
      """;

  private CdsTraining() {}

  public static void main(String... args) throws Exception {
    Path dir = Files.createTempDirectory("runbook-cds-");
    try (ServerSocket refusing = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config = Files.writeString(dir.resolve("runbook.yaml"), CONFIG);
      String catalog = dir.resolve("catalog.db").toString();
      Catalog.open(CatalogLocation.sqlite(dir.resolve("catalog.db")), new Secrets(Map.of()));
      run("--version");
      run("--help");
      run("config", "validate", "--no-secrets", "-c", config.toString());
      run("history", "--catalog", catalog);
      run("history", "-c", config.toString(), "--catalog", catalog); // the configuration's catalog section alone
      run("history", "--json", "--catalog", catalog);
      run("show", "0000", "--catalog", catalog);
      refusing.close(); // nothing listens there now: what follows fails after building its requests
      String target = "127.0.0.1:" + refusing.getLocalPort();
      run("backup", "--instance", "prod", "-c", config.toString(), "--temporal-target", target); // exit 3 within 5 s
      startRun(target);
    } finally {
      delete(dir);
    }
    System.exit(0);
  }

  private static void run(String... args) {
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    Main.run(discard, discard, args);
  }

  /** Starts a backup as `runbook backup` does, on a client whose calls fail within a second. */
  private static void startRun(String target) {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget(target).setRpcTimeout(Duration.ofSeconds(1))
        .setRpcRetryOptions(RpcRetryOptions.newBuilder().setMaximumAttempts(1).validateBuildWithDefaults()).build());
    try {
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      client.newUntypedWorkflowStub(BackupWorkflow.TYPE, RunLauncher.startOptions("backup-training", BackupWorkflow.KIND,
          "prod", RunLauncher.OWN_DEADLINE, "training")).start(new BackupInput("prod", Trigger.CLI, "training"));
    } catch (RuntimeException expected) {
      // Nothing listens: the classes of the call are loaded, which is all the training wants.
    } finally {
      stubs.shutdownNow();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
