package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.runbook.activities.config.internal.SecretRefDeserializer;
import java.util.regex.Pattern;

/**
 * A reference to a secret: {@code env:NAME} (an environment variable of the process that resolves it)
 * or {@code file:/absolute/path} (the file's content, trailing newline removed). Secrets are never
 * written inline in the configuration; the value is read by {@link Secrets} inside the activity that
 * needs it and goes nowhere else.
 *
 * @param kind where the secret lives
 * @param name the variable name or the absolute file path
 */
@JsonDeserialize(using = SecretRefDeserializer.class)
public record SecretRef(Kind kind, String name) {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String FORMS = "secrets are given by reference (env:NAME or file:/absolute/path), never inline";

  /** Refuses a reference that {@link #parse} would refuse, however it is built. */
  public SecretRef {
    if (kind == null || name == null || (kind == Kind.ENV ? !ENV_NAME.matcher(name).matches() : !normalAbsolute(name))) {
      throw new IllegalArgumentException(FORMS);
    }
  }

  /** Where a secret lives. */
  public enum Kind {
    ENV,
    FILE
  }

  /**
   * Parses {@code env:NAME} or {@code file:/path}. The message of a refusal never repeats the
   * value, since a refused value may be a secret written inline by mistake.
   */
  public static SecretRef parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.startsWith("env:") && ENV_NAME.matcher(t.substring(4)).matches()) {
      return new SecretRef(Kind.ENV, t.substring(4));
    }
    if (t.startsWith("file:/") && t.length() > 6) {
      if (!normalAbsolute(t.substring(5))) {
        throw new IllegalArgumentException("a secret file's path must be absolute and plain: write it without "
            + "'.', '..', '//' or a trailing '/'");
      }
      return new SecretRef(Kind.FILE, t.substring(5));
    }
    throw new IllegalArgumentException(FORMS);
  }

  /** An absolute path on one line without '.', '..' or empty segments: the file named is the file read. */
  private static boolean normalAbsolute(String path) {
    return path.length() > 1 && path.startsWith("/") && !path.endsWith("/") && path.chars().noneMatch(c -> c < 0x20)
        && java.nio.file.Path.of(path).normalize().toString().equals(path);
  }

  /** The reference as written: {@code env:NAME} or {@code file:/path}. Safe to print. */
  @JsonValue
  @Override
  public String toString() {
    return (kind == Kind.ENV ? "env:" : "file:") + name;
  }
}
