package dev.runbook.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** JSON helpers for the simulators. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bitbucket's error body: {@code {"errors":[{"context":null,"message":...,"exceptionName":null}]}}. */
  public static Map<String, Object> errors(String message) {
    Map<String, Object> error = new java.util.LinkedHashMap<>();
    error.put("context", null);
    error.put("message", message);
    error.put("exceptionName", null);
    return Map.of("errors", List.of(error));
  }
}
