package dev.runbook.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/** One HTTP request as a simulator handler sees it. */
public final class Request {
  private final HttpExchange exchange;
  private final Matcher path;
  private final Map<String, String> query = new LinkedHashMap<>();
  private byte[] body;

  Request(HttpExchange exchange, Matcher path) {
    this.exchange = exchange;
    this.path = path;
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        query.put(decode(k), decode(v));
      }
    }
  }

  /** The path parameter captured by group {@code n} of the route's pattern. */
  public String pathParam(int n) {
    return path.group(n);
  }

  public Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name));
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  public byte[] body() throws IOException {
    if (body == null) {
      body = exchange.getRequestBody().readAllBytes();
    }
    return body;
  }

  /** The user and password of an HTTP basic Authorization header, if one was sent and parses. */
  public Optional<String[]> basicCredentials() {
    return header("Authorization")
        .filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6))
        .map(h -> {
          try {
            return new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            return "";
          }
        })
        .filter(s -> s.indexOf(':') > 0)
        .map(s -> new String[] {s.substring(0, s.indexOf(':')), s.substring(s.indexOf(':') + 1)});
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
