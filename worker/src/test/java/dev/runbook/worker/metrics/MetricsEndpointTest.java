package dev.runbook.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesPrometheusTextOnLoopbackWithTheProcessLabel() throws Exception {
    try (MetricsEndpoint m = MetricsEndpoint.start(MetricsEndpoint.DEFAULT_ADDRESS, 0, "agent")) {
      assertThat(m.url()).startsWith("http://127.0.0.1:").endsWith("/metrics");
      m.registry().counter("runbook.test.things").increment();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(m.url())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(r.body()).contains("runbook_test_things_total{process=\"agent\"} 1.0", "jvm_memory_used_bytes{");
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(m.url()))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void aPortInUseIsNamedAndOffServesNothing() {
    try (MetricsEndpoint first = MetricsEndpoint.start(MetricsEndpoint.DEFAULT_ADDRESS, 0, "worker")) {
      int port = URI.create(first.url()).getPort();
      assertThatThrownBy(() -> MetricsEndpoint.start(MetricsEndpoint.DEFAULT_ADDRESS, port, "worker"))
          .isInstanceOf(UncheckedIOException.class).hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("choose another --metrics-port");
    }
    MetricsEndpoint off = MetricsEndpoint.off();
    assertThat(off.enabled()).isFalse();
    assertThat(off.url()).isNull();
    off.close();
  }
}
