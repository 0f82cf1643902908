package dev.runbook.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertBodiesTest {
  static List<Alert> parse(String json) {
    return AlertBodies.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theGenericBodyIsOneAlert() {
    assertThat(parse("{\"alert\":\"MirrorRemoved\",\"labels\":{\"mirror\":\"eu\"},\"key\":\"inc-7\",\"status\":\"firing\"}"))
        .containsExactly(new Alert("MirrorRemoved", Map.of("mirror", "eu"), "inc-7", true));
    assertThat(parse("{\"alert\":\"A\",\"key\":\"k\"}")).containsExactly(new Alert("A", Map.of(), "k", true));
    assertThat(parse("{\"alert\":\"A\",\"key\":\"k\",\"status\":\"resolved\"}").get(0).firing()).isFalse();
  }

  @Test
  void anAlertmanagerBodyIsEveryAlertKeyedByFingerprintAndStart() {
    List<Alert> alerts = parse("""
        {"version":"4","status":"firing","alerts":[
          {"status":"firing","labels":{"alertname":"MirrorRemoved","mirror":"eu"},"startsAt":"2026-12-01T10:00:00Z","fingerprint":"a1"},
          {"status":"resolved","labels":{"alertname":"DataLoss","instance":"prod"},"startsAt":"2026-12-01T09:00:00Z","fingerprint":"b2"}]}
        """);
    assertThat(alerts).containsExactly(
        new Alert("MirrorRemoved", Map.of("alertname", "MirrorRemoved", "mirror", "eu"), "a1@2026-12-01T10:00:00Z", true),
        new Alert("DataLoss", Map.of("alertname", "DataLoss", "instance", "prod"), "b2@2026-12-01T09:00:00Z", false));
  }

  @Test
  void aMalformedBodyNamesTheField() {
    assertThatThrownBy(() -> parse("not json")).hasMessage("body: not JSON");
    assertThatThrownBy(() -> parse("[1]")).hasMessage("body: not a JSON object");
    assertThatThrownBy(() -> parse("{\"alert\":\"A\"}")).hasMessage("key: missing or not text");
    assertThatThrownBy(() -> parse("{\"key\":\"k\"}")).hasMessage("alert: missing or not text");
    assertThatThrownBy(() -> parse("{\"alert\":\"A\",\"key\":\"k\",\"status\":\"gone\"}"))
        .hasMessage("status: must be firing or resolved");
    assertThatThrownBy(() -> parse("{\"alert\":\"A\",\"key\":\"k\",\"labels\":[]}"))
        .hasMessage("labels: not an object of names and values");
    assertThatThrownBy(() -> parse("{\"alerts\":[{\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"t\"}]}"))
        .hasMessage("alerts[0].fingerprint: missing or not text");
    assertThatThrownBy(() -> parse("{\"alerts\":[{\"labels\":{},\"startsAt\":\"t\",\"fingerprint\":\"f\"}]}"))
        .hasMessage("alerts[0].labels.alertname: missing");
    assertThatThrownBy(() -> parse("{\"version\":\"3\",\"alerts\":[]}")).hasMessage("version: 3 is not Alertmanager's version 4");
  }
}
