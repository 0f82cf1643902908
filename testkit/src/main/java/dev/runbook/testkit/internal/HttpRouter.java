package dev.runbook.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HTTP server on 127.0.0.1 that dispatches requests to handlers by method and path pattern.
 * It can stop listening and listen again on the same port, which is how simulators play a service
 * that is down (connection refused) and comes back.
 */
public final class HttpRouter implements AutoCloseable {
  /** Handles one matched request. */
  @FunctionalInterface
  public interface Handler {
    Response handle(Request request) throws IOException;
  }

  private record Route(String method, Pattern path, Handler handler) {}

  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "simulator-http");
    t.setDaemon(true);
    return t;
  });
  private HttpServer server;
  private int port;

  /** Starts listening on 127.0.0.1 at a free port. */
  public synchronized void start() throws IOException {
    listen(0);
  }

  /** Adds a route; {@code pathRegex} must match the whole path (groups become path parameters). */
  public void route(String method, String pathRegex, Handler handler) {
    routes.add(new Route(method, Pattern.compile(pathRegex), handler));
  }

  public synchronized int port() {
    return port;
  }

  public synchronized boolean listening() {
    return server != null;
  }

  /** Stops or resumes listening; while stopped, connections to the port are refused. */
  public synchronized void setListening(boolean listening) throws IOException {
    if (listening && server == null) {
      listen(port);
    } else if (!listening && server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** How many requests reached {@code METHOD path} (query string excluded). */
  public int hits(String method, String path) {
    AtomicInteger n = hits.get(method + " " + path);
    return n == null ? 0 : n.get();
  }

  private void listen(int wanted) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
    s.setExecutor(executor);
    s.createContext("/", this::dispatch);
    s.start();
    server = s;
    port = s.getAddress().getPort();
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      hits.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
      Response response = Response.json(404, Json.errors("No route for " + method + " " + path));
      for (Route route : routes) {
        Matcher m = route.path().matcher(path);
        if (route.method().equals(method) && m.matches()) {
          response = route.handler().handle(new Request(exchange, m));
          break;
        }
      }
      response.writeTo(exchange);
    } catch (RuntimeException e) {
      Response.json(500, Json.errors(e.toString())).writeTo(exchange);
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    executor.shutdownNow();
  }
}
