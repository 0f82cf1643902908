package dev.runbook.activities.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secret-looking values from run parameters before they are stored. Inputs never carry
 * secrets by design; this is the second line of defence for inputs typed by hand.
 */
final class Redaction {
  static final String MASK = "***";
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|apikey|api_key|credential|private).*");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Redaction() {}

  /** {@code json} with the values of secret-looking keys replaced by {@value #MASK}; non-JSON becomes a note. */
  static String redact(String json) {
    if (json == null || json.isBlank()) {
      return "{}";
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      mask(node);
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return "{\"unparsed\":\"" + MASK + "\"}";
    }
  }

  private static void mask(JsonNode node) {
    if (node instanceof ObjectNode obj) {
      List<String> secretKeys = new ArrayList<>();
      for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (SECRET_KEY.matcher(k).matches()) {
          secretKeys.add(k);
        } else {
          mask(obj.get(k));
        }
      }
      secretKeys.forEach(k -> obj.put(k, MASK));
    } else if (node != null && node.isArray()) {
      node.forEach(Redaction::mask);
    }
  }
}
