package dev.runbook.workflows.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mirror runbooks' results cross Temporal's data converter unchanged (the CLI reads them back). */
class MirrorPayloadsTest {
  @Test
  void aGuardResultRoundTrips() {
    var server = new MirrorServers.Server("AAAA-BBBB-CCCC-DDDD", "eu", "http://127.0.0.1:1");
    var result = new MirrorGuardResult(new MirrorServers("staging", "http://s", List.of(server)),
        new MirrorServers("prod", "http://p", List.of(server)),
        List.of(new MirrorGuardResult.Shared(server, server, true, true)), List.of("isolate"), List.of());
    var converter = DefaultDataConverter.newDefaultInstance();
    var payload = converter.toPayload(result).orElseThrow();
    assertThat(converter.fromPayload(payload, MirrorGuardResult.class, MirrorGuardResult.class)).isEqualTo(result);
  }

  @Test
  void aHealthReportRoundTrips() {
    var diagnosis = new MirrorDiagnosis("eu", MirrorCondition.REMOVED, List.of("mirror upstream state REMOVED"), "X");
    var result = new MirrorHealthResult(List.of(new MirrorHealthResult.MirrorReport(diagnosis,
        List.of(new MirrorInspection.FarmNode("1", "n1", "127.0.0.1:1", "9.2.0")), null)), false, List.of());
    var converter = DefaultDataConverter.newDefaultInstance();
    var payload = converter.toPayload(result).orElseThrow();
    assertThat(converter.fromPayload(payload, MirrorHealthResult.class, MirrorHealthResult.class)).isEqualTo(result);
  }
}
