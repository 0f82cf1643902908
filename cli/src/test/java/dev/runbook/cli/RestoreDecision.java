package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A restore started with the CLI and decided by a second person, bob, once it asks for approval: its
 * requester's own approval is refused first (exit 2), as a second person is required.
 */
final class RestoreDecision {
  private RestoreDecision() {}

  /** What a test does while the restore waits for approval, given what the restore printed so far. */
  interface WhileWaiting {
    void accept(String printed) throws Exception;
  }

  /**
   * Runs {@code runbook} with {@code args} (a restore and its configuration and target options); once it
   * waits for approval does {@code meanwhile}, then {@code decide}s (approve or reject) as bob. When
   * {@code meanwhile} fails, the restore is rejected, so that it does not hold the instance for later tests.
   */
  static Cli run(String[] args, Path catalog, String target, String decide, WhileWaiting meanwhile) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out, true),
        new PrintWriter(err, true), args));
    Matcher waiting = Pattern.compile("waiting: runbook approve ([0-9a-f]{8})").matcher("");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!waiting.reset(out.toString()).find()) {
      assertThat(run.isDone() ? out + err.toString() : "").as("ended before asking for approval").isEmpty();
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(100);
    }
    String runId = waiting.group(1);
    try {
      meanwhile.accept(out.toString());
    } catch (Exception | AssertionError e) {
      Cli.run("reject", runId, "--as", "bob", "--reason", "test failed", "--catalog", catalog.toString(),
          "--temporal-target", target);
      throw e;
    }
    Cli self = Cli.run("approve", runId, "--as", System.getProperty("user.name"), "--reason", "mine",
        "--catalog", catalog.toString(), "--temporal-target", target);
    assertThat(self.exit()).as(self.all()).isEqualTo(2);
    assertThat(self.err()).contains("asked for this restore and cannot also approve it");
    Cli decided = Cli.run(decide, runId, "--as", "bob", "--reason", "incident 7", "--catalog", catalog.toString(),
        "--temporal-target", target);
    assertThat(decided.exit()).as(decided.all()).isZero();
    return new Cli(run.get(), out.toString(), err.toString());
  }
}
