package dev.runbook.activities.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.runbook.activities.config.internal.CollectingProblemHandler;
import dev.runbook.activities.config.internal.DurationDeserializer;
import dev.runbook.activities.config.internal.YamlPaths;
import dev.runbook.activities.providers.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, List.of(new Problem("", 0, "file not found")));
    } catch (IOException e) {
      throw new ConfigException(file, List.of(new Problem("", 0, "cannot be read: " + e.getMessage())));
    }
    return parse(file, text, secrets);
  }

  /** Parses and validates configuration text; {@code file} only names it in messages. */
  public static RunbookConfig parse(Path file, String text, Optional<Secrets> secrets) {
    YamlPaths lines = YamlPaths.index(text);
    if (!lines.aliases().isEmpty()) {
      throw new ConfigException(file, lines.aliases().entrySet().stream().map(e -> new Problem(e.getKey(), e.getValue(),
          "YAML aliases (*name) are not supported: write the value out")).toList());
    }
    CollectingProblemHandler handler = new CollectingProblemHandler(lines);
    RunbookConfig config;
    try {
      config = mapper().addHandler(handler).readValue(text, RunbookConfig.class);
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
    if (config == null) {
      throw new ConfigException(file, List.of(new Problem("", 0, "the file is empty")));
    }
    List<Problem> problems = new ArrayList<>(handler.problems());
    new ConfigValidator(config, lines, problems, secrets).validate();
    if (!problems.isEmpty()) {
      throw new ConfigException(file, problems);
    }
    return config;
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
    return m.replaceAll("`[a-z.]+\\.([A-Za-z$]+)`", "$1").replace("dev.runbook.activities.config.", "");
  }
}
