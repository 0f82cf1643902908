package dev.runbook.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmbeddedTemporalServerTest {
  @Test
  void listensOnLoopbackOnly() throws Exception {
    Optional<InetAddress> other = nonLoopbackAddress();
    assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to probe");
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.start(0)) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000);
      }
      assertThatThrownBy(() -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(other.get(), server.port()), 2000);
        }
      }).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aTakenPortIsOneLineWithTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> EmbeddedTemporalServer.start(taken.getLocalPort()))
          .isInstanceOf(EmbeddedTemporalServer.PortInUseException.class)
          .hasMessage("127.0.0.1:" + taken.getLocalPort() + " is already in use (another `runbook server` or "
              + "`runbook up`, or a Temporal server?): pass --port, or --temporal-target to use what listens there");
    }
  }

  @Test
  void answersConnectionChecksAndRegistersSearchAttributesIdempotently() {
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.start(0)) {
      WorkflowServiceStubs stubs = TemporalConnection.connect(TemporalTarget.plain(server.target()));
      try {
        SearchAttributeRegistration.ensure(stubs, EmbeddedTemporalServer.NAMESPACE); // again: no error
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  @Test
  void noServerIsOneLineWithTheFix() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    int closed = port;
    assertThatThrownBy(() -> TemporalConnection.connect(TemporalTarget.plain("127.0.0.1:" + closed)))
        .isInstanceOf(TemporalConnection.TemporalUnavailableException.class)
        .hasMessageStartingWith("no Temporal server answers at 127.0.0.1:" + closed + " (")
        .hasMessageEndingWith("): start one with `runbook up -c FILE` (embedded, single machine) or pass --temporal-target HOST:PORT");
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp() || ni.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
