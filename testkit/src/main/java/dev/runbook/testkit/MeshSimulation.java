package dev.runbook.testkit;

import dev.runbook.testkit.internal.HttpRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bitbucket Mesh as the simulated Bitbucket sees it: the Mesh nodes it has registered, each with a
 * "process" (a TCP listener on 127.0.0.1 at its RPC port), and the sidecars of Bitbucket's own nodes.
 * {@link MeshRoutes} answers Bitbucket's Mesh endpoints from it, as the admin only.
 *
 * <p>A Mesh node is AVAILABLE while its process listens and Bitbucket's own state is RUNNING, OFFLINE
 * otherwise, unless a test forced a state ({@link #setOffline}, {@link #forceState}). A sidecar is listed
 * with the RPC URL {@code http://localhost:7777} and is always AVAILABLE; nothing listens for it.
 */
public final class MeshSimulation {
  /** The name of the simulated Bitbucket node in the connectivity report. */
  public static final String BITBUCKET_NODE = "bitbucket-node-1";
  /** The RPC URL Bitbucket lists for a sidecar: it binds to localhost only. */
  public static final String SIDECAR_RPC_URL = "http://localhost:7777";

  private final BitbucketSimulator bitbucket;
  private final List<Node> registered = new CopyOnWriteArrayList<>();
  /** Every node ever added, registered or not, so that {@link #close()} stops every process. */
  private final List<Node> all = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  MeshSimulation(BitbucketSimulator bitbucket) {
    this.bitbucket = bitbucket;
  }

  /** Registers a Mesh node under {@code name} and starts its process listening at a free port. */
  public Node addNode(String name) {
    requireNew(name);
    Node node = new Node(Integer.toString(ids.incrementAndGet()), name, false);
    node.setListening(true);
    registered.add(node);
    all.add(node);
    return node;
  }

  /** Lists a Bitbucket node's sidecar among the members ({@link #SIDECAR_RPC_URL}, always AVAILABLE). */
  public Node addSidecar() {
    String id = Integer.toString(ids.incrementAndGet());
    Node node = new Node(id, "sidecar-" + id, true);
    registered.add(node);
    all.add(node);
    return node;
  }

  /** Bitbucket forgets the node; its process, if any, keeps running until {@link #close()}. */
  public void unregister(String name) {
    registered.remove(require(name));
  }

  /** Forces OFFLINE whatever the process does ({@code true}), or lets the process decide again. */
  public void setOffline(String name, boolean offline) {
    forceState(name, offline ? "OFFLINE" : null);
  }

  /** Forces the state Bitbucket reports, for example DRAINING or DISABLED; null lets the process decide again. */
  public void forceState(String name, String state) {
    require(name).forced = state;
  }

  /** The registered node named {@code name}, if any. */
  public Optional<Node> node(String name) {
    return registered.stream().filter(n -> n.name.equals(name)).findFirst();
  }

  /** The registered members in registration order, sidecars included. */
  public List<Node> nodes() {
    return List.copyOf(registered);
  }

  /**
   * How many requests reached {@code GET} of {@code endpoint} under {@code /rest/api/latest/admin/git/mesh},
   * for example {@code /nodes} or {@code /diagnostics/connectivity} (query string excluded).
   */
  public int hits(String endpoint) {
    return bitbucket.hits("GET", MeshRoutes.LATEST + endpoint);
  }

  /** Adds the Mesh endpoints to the simulator's router. */
  void register(HttpRouter router) {
    MeshRoutes.register(router, bitbucket, this);
  }

  /** Stops every node's process and service follower. */
  void close() {
    all.forEach(Node::stop);
  }

  /** True when Bitbucket's own state lets it see its Mesh nodes. */
  boolean bitbucketRunning() {
    return bitbucket.state() == BitbucketSimulator.ApplicationState.RUNNING;
  }

  private Node require(String name) {
    return node(name).orElseThrow(() -> new IllegalArgumentException("no Mesh node " + name + " is registered"));
  }

  private void requireNew(String name) {
    if (node(name).isPresent()) {
      throw new IllegalArgumentException("a Mesh node " + name + " is already registered");
    }
  }

  /** One member: a Mesh node with its process, or a sidecar. */
  public final class Node {
    private final String id;
    private final String name;
    private final boolean sidecar;
    private final String rpcId = UUID.randomUUID().toString();
    private final List<Thread> followers = new ArrayList<>();
    private volatile String forced;
    private volatile long lastSeen = System.currentTimeMillis();
    private ServerSocket listener;
    private Thread acceptor;
    private int port;

    private Node(String id, String name, boolean sidecar) {
      this.id = id;
      this.name = name;
      this.sidecar = sidecar;
      this.port = sidecar ? 7777 : 0;
    }

    public String id() {
      return id;
    }

    public String name() {
      return name;
    }

    public String rpcId() {
      return rpcId;
    }

    public boolean sidecar() {
      return sidecar;
    }

    /** The RPC port its process listens on (the same port after each restart); 7777 for a sidecar. */
    public synchronized int port() {
      return port;
    }

    /** {@code http://127.0.0.1:<port>}, or {@link #SIDECAR_RPC_URL} for a sidecar. */
    public String rpcUrl() {
      return sidecar ? SIDECAR_RPC_URL : "http://127.0.0.1:" + port();
    }

    /** True while its process accepts connections on its RPC port (a sidecar never does here). */
    public synchronized boolean listening() {
      return listener != null;
    }

    /** The state Bitbucket reports for it now. */
    public String state() {
      if (forced != null) {
        return forced;
      }
      boolean up = (sidecar || listening()) && bitbucketRunning();
      if (up) {
        lastSeen = System.currentTimeMillis();
      }
      return up ? "AVAILABLE" : "OFFLINE";
    }

    /** When Bitbucket last saw it available, epoch milliseconds. */
    public long lastSeenDate() {
      return lastSeen;
    }

    /** Starts or stops its process: while stopped, connections to its RPC port are refused. */
    public synchronized void setListening(boolean on) {
      if (sidecar) {
        throw new IllegalStateException(name + " is a sidecar: nothing listens for it in the simulator");
      }
      if (on && listener == null) {
        try {
          ServerSocket s = new ServerSocket();
          s.setReuseAddress(true); // the same port again right after a stop
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
          listener = s;
          port = s.getLocalPort();
          acceptor = new Thread(() -> accept(s), "mesh-" + name + "-rpc");
          acceptor.setDaemon(true);
          acceptor.start();
        } catch (IOException e) {
          throw new UncheckedIOException("could not listen on 127.0.0.1:" + port + " for Mesh node " + name, e);
        }
      } else if (!on && listener != null) {
        lastSeen = System.currentTimeMillis();
        closeListener();
      }
    }

    /**
     * Plays the node's service as its service scripts drive it, like
     * {@link BitbucketSimulator#followServiceState}: {@code stopped} stops its process (connections
     * refused), {@code running} listens again on the same port after {@code startup}.
     */
    public void followServiceState(Path stateFile, Duration startup) {
      Thread t = ServiceStateFollower.follow(stateFile, () -> setListening(false), () -> {
        Thread.sleep(startup.toMillis());
        setListening(true);
      }, "mesh-" + name + "-service-state");
      synchronized (this) {
        followers.add(t);
      }
    }

    private synchronized void stop() {
      followers.forEach(Thread::interrupt);
      if (listener != null) {
        closeListener();
      }
    }

    /**
     * Closes the listener and waits for its accept thread to leave {@code accept()}: the kernel keeps a
     * socket listening while a thread is still blocked in accept on it, so without the wait a connect
     * right after a stop can still succeed on a busy machine.
     */
    private void closeListener() {
      closeQuietly(listener);
      listener = null;
      try {
        acceptor.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      acceptor = null;
    }

    /** Accepts and closes connections: the simulator only needs the port to be open. */
    private void accept(ServerSocket s) {
      while (!s.isClosed()) {
        try (Socket ignored = s.accept()) {
          // connected
        } catch (IOException e) {
          if (s.isClosed()) {
            return;
          }
        }
      }
    }
  }

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
