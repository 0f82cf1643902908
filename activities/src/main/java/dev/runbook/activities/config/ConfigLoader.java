package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.runbook.activities.config.internal.CollectingProblemHandler;
import dev.runbook.activities.config.internal.ConfigFiles;
import dev.runbook.activities.config.internal.DurationDeserializer;
import dev.runbook.activities.config.internal.YamlPaths;
import dev.runbook.activities.providers.Providers;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Loads {@code runbook.yaml}: parses it (unknown keys are errors), then validates it, collecting every
 * problem with its YAML path and line before failing. The one place configuration is validated.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Loads and validates {@code file}; secret references are checked for form only. */
  public static RunbookConfig load(Path file) {
    return load(file, Optional.empty());
  }

  /**
   * Loads and validates {@code file}; when {@code secrets} is given, also checks that every secret
   * reference resolves in this process (the worker's start-up and {@code config validate}).
   */
  public static RunbookConfig load(Path file, Optional<Secrets> secrets) {
    ConfigFiles.Text read = ConfigFiles.read(file);
    if (read.text().isEmpty()) {
      throw new ConfigException(file, List.of(new Problem("", read.line(), read.refusal())));
    }
    return parse(file, read.text().get(), secrets);
  }

  /** Parses and validates configuration text; {@code file} only names it in messages. */
  public static RunbookConfig parse(Path file, String text, Optional<Secrets> secrets) {
    YamlPaths lines = index(file, text);
    CollectingProblemHandler handler = new CollectingProblemHandler(lines);
    RunbookConfig config = bind(file, text, handler, RunbookConfig.class);
    if (config == null) {
      throw empty(file);
    }
    List<Problem> problems = new ArrayList<>(handler.problems());
    new ConfigValidator(config, lines, problems, secrets).validate();
    if (!problems.isEmpty()) {
      throw new ConfigException(file, problems);
    }
    return config;
  }

  /**
   * Loads {@code file}'s {@code catalog:} section alone, for commands that only read the catalog (history, show,
   * evidence, restore list): the whole file must still be valid YAML and a mapping of known keys, and the section is
   * bound and checked as {@link #load} does it, but the other sections are skipped unbound and unchecked. Binding and
   * checking all of them is most of such a command's time (docs/performance.md, "(c) CLI start").
   *
   * @return the section, or null when the file has none
   */
  public static CatalogConfig loadCatalog(Path file) {
    ConfigFiles.Text read = ConfigFiles.read(file);
    if (read.text().isEmpty()) {
      throw new ConfigException(file, List.of(new Problem("", read.line(), read.refusal())));
    }
    String text = read.text().get();
    YamlPaths lines = index(file, text);
    List<Problem> problems = new ArrayList<>();
    List<String> known = Arrays.stream(RunbookConfig.class.getRecordComponents()).map(RecordComponent::getName).sorted().toList();
    lines.topKeys().forEach((key, line) -> {
      if (!known.contains(key)) { // as the whole file's binding reports it
        problems.add(new Problem(key, line, "unknown key (known keys: " + String.join(", ", known) + ")"));
      }
    });
    CollectingProblemHandler handler = new CollectingProblemHandler(lines);
    CatalogSection section = plainCatalog(text);
    if (section == null) { // anything but plain text values: bound as the whole load binds it, with its messages
      section = bind(file, text, handler, CatalogSection.class);
    }
    if (section == null) {
      throw empty(file);
    }
    problems.addAll(handler.problems());
    RunbookConfig config = new RunbookConfig(section.catalog(), null, null, null, null, null, null);
    new ConfigValidator(config, lines, problems, Optional.empty()).validateCatalog();
    if (!problems.isEmpty()) {
      throw new ConfigException(file, problems);
    }
    return section.catalog();
  }

  /**
   * The catalog section when it is absent or a mapping of known keys to text values whose secret reference parses,
   * which is all a valid one can be, read with the YAML parser alone; null for anything else. Setting up Jackson's
   * binding costs a command such as {@code runbook history} more than the rest of its configuration reading.
   */
  private static CatalogSection plainCatalog(String text) {
    try (JsonParser p = new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      java.util.Map<String, String> values = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean catalog = p.currentName().equals("catalog");
        JsonToken value = p.nextToken();
        if (!catalog) {
          p.skipChildren();
          continue;
        }
        if (value != JsonToken.START_OBJECT) {
          return null;
        }
        values = new java.util.HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (!List.of("url", "user", "password").contains(key) || p.nextToken() != JsonToken.VALUE_STRING) {
            return null;
          }
          values.put(key, p.getText());
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      if (values == null) {
        return new CatalogSection(null);
      }
      String password = values.get("password");
      return new CatalogSection(new CatalogConfig(values.get("url"), values.get("user"),
          password == null ? null : SecretRef.parse(password)));
    } catch (IOException | RuntimeException e) {
      return null; // malformed, or a secret reference that does not parse: the binding says what is wrong
    }
  }

  /** The file's catalog section; the other keys are skipped unread. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CatalogSection(CatalogConfig catalog) {}

  /** The index of the text's keys and lines, once the text is known to be a mapping without aliases. */
  private static YamlPaths index(Path file, String text) {
    YamlPaths lines = YamlPaths.index(text);
    if (lines.top() == null) {
      throw empty(file);
    }
    if (lines.top() != JsonToken.START_OBJECT && lines.top() != JsonToken.NOT_AVAILABLE) {
      throw new ConfigException(file, List.of(new Problem("", 1, "the file must be a mapping of keys (hosts:, "
          + "instances:, ...), not " + (lines.top() == JsonToken.START_ARRAY ? "a list" : "a single value"))));
    }
    if (!lines.aliases().isEmpty()) {
      throw new ConfigException(file, lines.aliases().entrySet().stream().map(e -> new Problem(e.getKey(), e.getValue(),
          "YAML aliases (*name) are not supported: write the value out")).toList());
    }
    return lines;
  }

  /** Binds the text to {@code type}, collecting structural problems in {@code handler}; fails at once on malformed YAML. */
  private static <T> T bind(Path file, String text, CollectingProblemHandler handler, Class<T> type) {
    try {
      return mapper().addHandler(handler).readValue(text, type);
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonProcessingException parse && !(parse instanceof JsonMappingException)) {
        throw malformed(file, parse);
      }
      List<Problem> problems = new ArrayList<>(handler.problems());
      problems.add(new Problem(path(e), line(e), cleanMessage(e)));
      throw new ConfigException(file, problems);
    } catch (JsonProcessingException e) {
      throw malformed(file, e);
    }
  }

  private static ConfigException empty(Path file) {
    return new ConfigException(file, List.of(new Problem("", 0, "the file is empty: write the configuration as "
        + "key: value lines (docs/configuration.md)")));
  }

  /** Malformed YAML: one problem, at the line the parser stopped. */
  private static ConfigException malformed(Path file, JsonProcessingException e) {
    return new ConfigException(file, List.of(new Problem("", line(e), "not valid YAML: " + cleanMessage(e))));
  }

  private static YAMLMapper mapper() {
    SimpleModule durations = new SimpleModule("runbook-durations").addDeserializer(Duration.class, new DurationDeserializer());
    return (YAMLMapper) YAMLMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .addModule(durations)
        // The provider records come from the one registry, not from an annotation list.
        .registerSubtypes(Providers.namedTypes())
        .build();
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static int line(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }

  private static String cleanMessage(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    // Jackson's messages name Java classes; keep the first sentence, which says what is wrong.
    int cut = m.indexOf('\n');
    m = cut > 0 ? m.substring(0, cut) : m;
    // Parser limits name their Java setting: "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)".
    m = m.replaceAll(",? from `StreamReadConstraints[^`]*`", "");
    return m.replaceAll("`[a-z.]+\\.([A-Za-z$]+)`", "$1").replace("dev.runbook.activities.config.", "");
  }
}
