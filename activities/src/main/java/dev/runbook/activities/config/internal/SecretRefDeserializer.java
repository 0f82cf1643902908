package dev.runbook.activities.config.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import dev.runbook.activities.config.SecretRef;
import java.io.IOException;

/**
 * Reads a secret reference from text only. Without it Jackson would also bind a mapping
 * ({@code {kind: FILE, name: relative}}) to the record's fields, skipping every check of the text form.
 */
public final class SecretRefDeserializer extends JsonDeserializer<SecretRef> {
  @Override
  public SecretRef deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      String found = p.currentToken() == JsonToken.START_OBJECT ? "a mapping"
          : p.currentToken() == JsonToken.START_ARRAY ? "a list" : "a " + p.currentToken().asString();
      // Skipped first, so that the problem is reported at the key, not inside the list or mapping.
      p.skipChildren();
      return (SecretRef) ctxt.handleWeirdStringValue(SecretRef.class, "",
          "a secret is one line of text, env:NAME or file:/absolute/path, not " + found);
    }
    try {
      return SecretRef.parse(p.getText());
    } catch (IllegalArgumentException e) {
      return (SecretRef) ctxt.handleWeirdStringValue(SecretRef.class, "", e.getMessage());
    }
  }
}
