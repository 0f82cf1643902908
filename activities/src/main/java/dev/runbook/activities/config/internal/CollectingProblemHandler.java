package dev.runbook.activities.config.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import dev.runbook.activities.config.Problem;
import dev.runbook.activities.config.ServicesConfig;
import dev.runbook.activities.providers.Providers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Records structural problems (unknown keys, wrong types, unknown providers) and skips the value,
 * so that one pass reports every problem instead of stopping at the first. Messages never repeat
 * a value, except for enum names, because a misplaced value may be a secret.
 */
public final class CollectingProblemHandler extends DeserializationProblemHandler {
  private final YamlPaths lines;
  private final List<Problem> problems = new ArrayList<>();

  public CollectingProblemHandler(YamlPaths lines) {
    this.lines = lines;
  }

  public List<Problem> problems() {
    return problems;
  }

  private void add(DeserializationContext ctxt, String path, String message) {
    // The index knows where each key starts; the parser may already stand on a later token.
    int line = lines.line(path);
    JsonParser p = ctxt.getParser();
    if (line == 0 && p != null) {
      line = p.currentTokenLocation().getLineNr();
    }
    problems.add(new Problem(path, line, message));
  }

  private static String here(DeserializationContext ctxt) {
    return ctxt.getParser() == null ? "" : YamlPaths.of(ctxt.getParser().getParsingContext());
  }

  @Override
  public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deser,
                                       Object beanOrClass, String propertyName) throws IOException {
    String known = "";
    if (deser instanceof BeanDeserializerBase bean) {
      known = " (known keys: " + String.join(", ", new TreeSet<>(toStrings(bean.getKnownPropertyNames()))) + ")";
    }
    add(ctxt, YamlPaths.of(p.getParsingContext()), "unknown key" + known);
    p.skipChildren();
    return true;
  }

  @Override
  public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                      String failureMsg) throws IOException {
    add(ctxt, here(ctxt), "expected " + describe(targetType) + ", found " + describe(t));
    p.skipChildren();
    return null;
  }

  @Override
  public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                                       String failureMsg) {
    add(ctxt, here(ctxt), targetType.isEnum() ? unknownEnum(targetType, value) : reason(failureMsg, targetType));
    return null;
  }

  @Override
  public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                                       String failureMsg) {
    add(ctxt, here(ctxt), "expected " + describe(ctxt.constructType(targetType)) + ", found a number");
    return null;
  }

  @Override
  public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument,
                                           Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = instClass.isEnum() && argument instanceof String s
        ? unknownEnum(instClass, s)
        : root instanceof IllegalArgumentException ? root.getMessage() : "invalid value";
    add(ctxt, here(ctxt), message);
    return null;
  }

  @Override
  public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                          ValueInstantiator valueInsta, JsonParser p, String msg) throws IOException {
    add(ctxt, here(ctxt), "expected " + describe(ctxt.constructType(instClass)) + ", found " + describe(p.currentToken()));
    p.skipChildren();
    return null;
  }

  @Override
  public JavaType handleUnknownTypeId(DeserializationContext ctxt, JavaType baseType, String subTypeId,
                                      TypeIdResolver idResolver, String failureMsg) {
    add(ctxt, here(ctxt), "unknown provider '" + subTypeId + "' (one of: " + providers(baseType) + ")");
    return ctxt.constructType(Void.class);
  }

  @Override
  public JavaType handleMissingTypeId(DeserializationContext ctxt, JavaType baseType, TypeIdResolver idResolver,
                                      String failureMsg) {
    String path = here(ctxt);
    add(ctxt, path.isEmpty() ? "provider" : path + ".provider", "required (one of: " + providers(baseType) + ")");
    return ctxt.constructType(Void.class);
  }

  private static String providers(JavaType base) {
    List<String> registered = Providers.names(base.getRawClass());
    if (!registered.isEmpty()) {
      return String.join(", ", registered);
    }
    if (base.getRawClass() == ServicesConfig.class) {
      return String.join(", ", ServicesConfig.PROVIDERS);
    }
    return "?";
  }

  private static String unknownEnum(Class<?> type, String value) {
    String ids = Arrays.stream(type.getEnumConstants())
        .map(e -> e.toString().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.joining(", "));
    return "unknown value '" + value + "' (one of: " + ids + ")";
  }

  private static String reason(String failureMsg, Class<?> target) {
    // Our own deserializers give operator-facing reasons; Jackson's generic ones name Java types.
    return failureMsg != null && !failureMsg.contains("java.") && !failureMsg.contains("`")
        ? failureMsg
        : "expected " + target.getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String describe(JavaType type) {
    Class<?> c = type.getRawClass();
    if (type.isCollectionLikeType()) {
      return "a list";
    }
    if (c == String.class) {
      return "a text value";
    }
    if (Number.class.isAssignableFrom(c) || c.isPrimitive() && c != boolean.class) {
      return "a number";
    }
    if (c == Boolean.class || c == boolean.class) {
      return "true or false";
    }
    if (c.isEnum() || c.getName().endsWith("SecretRef") || c == java.time.Duration.class) {
      return "a text value";
    }
    return "a mapping (key: value)";
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "a mapping";
      case VALUE_STRING -> "a text value";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "true or false";
      case VALUE_NULL -> "nothing";
      default -> t.toString().toLowerCase(Locale.ROOT);
    };
  }

  private static List<String> toStrings(java.util.Collection<Object> names) {
    return names.stream().map(String::valueOf).toList();
  }
}
