package dev.runbook.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.notify.Notification;
import dev.runbook.workflows.notify.NotifyResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyActivitiesImplTest {
  @TempDir
  Path dir;
  private HttpServer chat;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private int closedPort;

  @BeforeEach
  void setUp() throws Exception {
    chat = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    chat.createContext("/hooks/T000/B000/secret-token", ex -> {
      received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    chat.start();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Files.writeString(dir.resolve("runbook.yaml"), """
        hosts: [{name: files}]
        instances:
          - name: prod
            bitbucket: {baseUrl: 'http://127.0.0.1:1', username: a, password: env:X}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [/srv/a], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /tmp}
            notifications:
              webhooks:
                - {name: ops-chat, url: env:CHAT_URL}
                - {name: pager, url: env:PAGER_URL}
                - {name: unset, url: env:NOT_SET}
        """);
  }

  @AfterEach
  void tearDown() {
    chat.stop(0);
  }

  @Test
  void postsSlackCompatibleJsonAndReportsUndeliverableWebhooksByNameOnly() {
    String chatUrl = "http://127.0.0.1:" + chat.getAddress().getPort() + "/hooks/T000/B000/secret-token";
    String pagerUrl = "http://127.0.0.1:" + closedPort + "/pager/another-secret-token";
    NotifyActivitiesImpl notify = new NotifyActivitiesImpl(new ConfigSource(dir.resolve("runbook.yaml")),
        new Secrets(Map.of("CHAT_URL", chatUrl, "PAGER_URL", pagerUrl)));

    NotifyResult r = notify.notify(new Notification("prod", "backup", "run-1", "SUCCEEDED", "backup of prod: restore point prod-1"));

    assertThat(r.delivered()).isEqualTo(1);
    assertThat(received).singleElement().asString().isEqualTo("{\"text\":\"backup of prod: restore point prod-1\","
        + "\"runbook\":\"backup\",\"instance\":\"prod\",\"runId\":\"run-1\",\"status\":\"SUCCEEDED\"}");
    assertThat(r.failures()).hasSize(2);
    assertThat(r.failures().get(0)).startsWith("pager: ConnectException");
    assertThat(r.failures().get(1)).isEqualTo("unset: webhook unset: environment variable NOT_SET (env:NOT_SET) is not set");
    assertThat(String.join(" ", r.failures())).doesNotContain("secret-token", "another-secret-token");
  }
}
