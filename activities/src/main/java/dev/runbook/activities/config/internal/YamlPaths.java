package dev.runbook.activities.config.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** YAML paths ({@code instances[0].home.mounts[1]}) and the lines they start on. */
public final class YamlPaths {
  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<String, Integer> aliases = new java.util.LinkedHashMap<>();
  private JsonToken top;

  private YamlPaths() {}

  /** Scans {@code yaml} once and remembers the line of every key and list element; empty when it does not parse. */
  public static YamlPaths index(String yaml) {
    YamlPaths index = new YamlPaths();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      JsonToken t;
      index.top = p.nextToken();
      for (t = index.top; t != null; t = p.nextToken()) {
        JsonStreamContext ctx = p.getParsingContext();
        String path = t.isStructStart() ? of(ctx.getParent()) : of(ctx);
        boolean element = t.isStructStart() ? ctx.getParent() != null && ctx.getParent().inArray() : ctx.inArray();
        if (t == JsonToken.FIELD_NAME || (element && !t.isStructEnd())) {
          index.lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
        }
        if (p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias()) {
          index.aliases.put(path, p.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      // A file that does not parse is reported by the loader with the parser's own location.
      index.top = index.top == null ? JsonToken.NOT_AVAILABLE : index.top;
    }
    return index;
  }

  /**
   * The file's first token: {@code START_OBJECT} for a mapping, null for an empty file (comments only),
   * {@code NOT_AVAILABLE} when the parser failed before it.
   */
  public JsonToken top() {
    return top;
  }

  /** Paths whose value is a YAML alias ({@code *name}), with their lines; the binding cannot follow them. */
  public Map<String, Integer> aliases() {
    return aliases;
  }

  /** The keys of the top-level mapping with their lines, in the order of the file. */
  public Map<String, Integer> topKeys() {
    Map<String, Integer> top = new java.util.TreeMap<>();
    lines.forEach((path, line) -> {
      if (!path.isEmpty() && path.indexOf('.') < 0 && path.indexOf('[') < 0) {
        top.put(path, line);
      }
    });
    Map<String, Integer> ordered = new java.util.LinkedHashMap<>();
    top.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> ordered.put(e.getKey(), e.getValue()));
    return ordered;
  }

  /** The line of {@code path} or of its nearest parent that has one; 0 when unknown. */
  public int line(String path) {
    String p = path;
    while (!p.isEmpty()) {
      Integer n = lines.get(p);
      if (n != null) {
        return n;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
    return 0;
  }

  /** The path of a parser context: object keys joined by '.', list indexes in brackets. */
  public static String of(JsonStreamContext ctx) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.inObject() && c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }
}
