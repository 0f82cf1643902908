package dev.runbook.worker.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * What the endpoint answers: a status, a one-line JSON body and, for 503, when to come back.
 * Alertmanager retries only 5xx answers and drops a notification for good on any 4xx, so a 4xx means
 * that retrying the same request cannot help.
 *
 * @param status the HTTP status
 * @param json the body, one line of JSON
 * @param retryAfterSeconds the Retry-After header's value; 0 for none
 */
public record Answer(int status, String json, long retryAfterSeconds) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An error answer: {@code {"error": message}}. */
  public static Answer error(int status, String message) {
    return new Answer(status, write(Map.of("error", message)), 0);
  }

  /** 503 with Retry-After: try again later. */
  public static Answer retryLater(String message, long seconds) {
    return new Answer(503, write(Map.of("error", message)), seconds);
  }

  /** 202 when any alert started a new run, else 200; each alert says what became of it. */
  public static Answer handled(List<Map<String, Object>> alerts) {
    boolean started = alerts.stream().anyMatch(a -> "started".equals(a.get("result")));
    return new Answer(started ? 202 : 200, write(Map.of("alerts", alerts)), 0);
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
