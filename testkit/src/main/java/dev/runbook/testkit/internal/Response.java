package dev.runbook.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A status, headers and body a simulator handler answers with. */
public final class Response {
  private final int status;
  private final byte[] body;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private Response(int status, byte[] body, String contentType) {
    this.status = status;
    this.body = body;
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
  }

  public static Response json(int status, Object value) {
    return new Response(status, Json.write(value), "application/json;charset=UTF-8");
  }

  /** A non-JSON page, as a load balancer in front of Bitbucket answers when no node is up. */
  public static Response html(int status, String html) {
    return new Response(status, html.getBytes(StandardCharsets.UTF_8), "text/html;charset=UTF-8");
  }

  public static Response empty(int status) {
    return new Response(status, new byte[0], null);
  }

  public Response header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  void writeTo(HttpExchange exchange) throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    boolean noBody = body.length == 0;
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public String toString() {
    return status + " " + new String(body, StandardCharsets.UTF_8);
  }
}
