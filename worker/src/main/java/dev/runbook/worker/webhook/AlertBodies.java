package dev.runbook.worker.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the alerts out of a request body: Prometheus Alertmanager's webhook body (version 4, an
 * {@code alerts} array) or the generic {@code {"alert": ..., "labels": {...}, "key": ..., "status": ...}}.
 */
public final class AlertBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertBodies() {}

  /** The alerts in {@code body}; throws {@link MalformedRequestException} naming the field at fault. */
  public static List<Alert> parse(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedRequestException("body: not JSON");
    } catch (java.io.IOException e) {
      throw new MalformedRequestException("body: cannot be read");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedRequestException("body: not a JSON object");
    }
    return root.has("alerts") ? alertmanager(root) : List.of(generic(root));
  }

  private static List<Alert> alertmanager(JsonNode root) {
    JsonNode alerts = root.get("alerts");
    if (!alerts.isArray()) {
      throw new MalformedRequestException("alerts: not an array");
    }
    if (root.has("version") && !"4".equals(root.get("version").asText())) {
      throw new MalformedRequestException("version: " + text(root.get("version"), 10) + " is not Alertmanager's version 4");
    }
    List<Alert> all = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      String at = "alerts[" + i + "]";
      JsonNode a = alerts.get(i);
      if (!a.isObject()) {
        throw new MalformedRequestException(at + ": not an object");
      }
      Map<String, String> labels = labels(a.get("labels"), at + ".labels");
      String name = labels.get("alertname");
      if (name == null || name.isBlank()) {
        throw new MalformedRequestException(at + ".labels.alertname: missing");
      }
      String key = required(a, "fingerprint", at) + "@" + required(a, "startsAt", at);
      all.add(new Alert(name, labels, key, firing(a, at)));
    }
    return all;
  }

  private static Alert generic(JsonNode root) {
    String name = required(root, "alert", "");
    Map<String, String> labels = root.has("labels") ? labels(root.get("labels"), "labels") : Map.of();
    // Without a key every later incident of the same alert would count as this one.
    return new Alert(name, labels, required(root, "key", ""), firing(root, ""));
  }

  private static boolean firing(JsonNode node, String at) {
    JsonNode status = node.get("status");
    if (status == null) {
      return true;
    }
    return switch (status.asText()) {
      case "firing" -> true;
      case "resolved" -> false;
      default -> throw new MalformedRequestException(field(at, "status") + ": must be firing or resolved");
    };
  }

  private static Map<String, String> labels(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw new MalformedRequestException(at + ": not an object of names and values");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isValueNode()) {
        throw new MalformedRequestException(at + "." + e.getKey() + ": not a text value");
      }
      labels.put(e.getKey(), e.getValue().asText());
    });
    return labels;
  }

  private static String required(JsonNode node, String name, String at) {
    JsonNode v = node.get(name);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new MalformedRequestException(field(at, name) + ": missing or not text");
    }
    return v.asText();
  }

  private static String field(String at, String name) {
    return at.isEmpty() ? name : at + "." + name;
  }

  /** A value for a message, cut short: bodies may carry anything. */
  private static String text(JsonNode v, int max) {
    String t = v.asText();
    return t.length() > max ? t.substring(0, max) + "..." : t;
  }
}
