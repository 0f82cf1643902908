package dev.runbook.testkit;

import dev.runbook.testkit.internal.HttpRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * The HTTP side of a mirror's nodes and of its front (the farm's one URL): one router per node on its own
 * port on 127.0.0.1, each able to stop listening and come back, plus the service-state followers that
 * drive them.
 */
final class MirrorNodes implements AutoCloseable {
  private final List<HttpRouter> nodes = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();
  private final HttpRouter front = new HttpRouter();
  // Per node: until when (epoch millis) /status answers STARTING after a restart.
  private final AtomicLongArray startingUntil;
  private final List<Thread> followers = new CopyOnWriteArrayList<>();
  private final IntConsumer onRestart;

  /** {@code onRestart} hears the index of a node that listens again after being stopped. */
  MirrorNodes(int count, IntConsumer onRestart) {
    this.onRestart = onRestart;
    this.startingUntil = new AtomicLongArray(count);
    for (int i = 0; i < count; i++) {
      nodes.add(new HttpRouter());
      ids.add(UUID.randomUUID().toString());
    }
  }

  /** Registers the routes on every node and the front, then starts them all at free ports. */
  void start(MirrorSimulator mirror) throws IOException {
    for (int i = 0; i < nodes.size(); i++) {
      MirrorRoutes.register(nodes.get(i), mirror, i);
      nodes.get(i).start();
    }
    MirrorRoutes.register(front, mirror, MirrorRoutes.FRONT);
    front.start();
  }

  URI frontUrl() {
    return URI.create("http://127.0.0.1:" + front.port());
  }

  List<URI> nodeUrls() {
    return nodes.stream().map(n -> URI.create("http://127.0.0.1:" + n.port())).toList();
  }

  int count() {
    return nodes.size();
  }

  int port(int index) {
    return nodes.get(index).port();
  }

  String id(int index) {
    return ids.get(index);
  }

  boolean listening(int index) {
    return nodes.get(index).listening();
  }

  boolean anyListening() {
    return nodes.stream().anyMatch(HttpRouter::listening);
  }

  boolean starting(int index) {
    return System.currentTimeMillis() < startingUntil.get(index);
  }

  void setListening(int index, boolean listening) {
    HttpRouter node = nodes.get(index);
    boolean restarted;
    try {
      // HttpRouter locks on itself, so the check and the change are one step.
      synchronized (node) {
        restarted = listening && !node.listening();
        node.setListening(listening);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (restarted) {
      onRestart.accept(index);
    }
  }

  /** The contract of {@link BitbucketSimulator#followServiceState}, for one node. */
  void followServiceState(int index, Path stateFile, Duration startup) {
    Objects.checkIndex(index, nodes.size());
    followers.add(ServiceStateFollower.follow(stateFile, () -> setListening(index, false), () -> {
      startingUntil.set(index, System.currentTimeMillis() + startup.toMillis());
      setListening(index, true);
    }, "mirror-simulator-service-state-" + index));
  }

  @Override
  public void close() {
    followers.forEach(Thread::interrupt);
    nodes.forEach(HttpRouter::close);
    front.close();
  }
}
