package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
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
public record SecretRef(Kind kind, String name) {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Where a secret lives. */
  public enum Kind {
    ENV,
    FILE
  }

  /**
   * Parses {@code env:NAME} or {@code file:/path}. The message of a refusal never repeats the
   * value, since a refused value may be a secret written inline by mistake.
   */
  @JsonCreator
  public static SecretRef parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.startsWith("env:") && ENV_NAME.matcher(t.substring(4)).matches()) {
      return new SecretRef(Kind.ENV, t.substring(4));
    }
    if (t.startsWith("file:/") && t.length() > 6) {
      return new SecretRef(Kind.FILE, t.substring(5));
    }
    throw new IllegalArgumentException(
        "secrets are given by reference (env:NAME or file:/absolute/path), never inline");
  }

  /** The reference as written: {@code env:NAME} or {@code file:/path}. Safe to print. */
  @JsonValue
  @Override
  public String toString() {
    return (kind == Kind.ENV ? "env:" : "file:") + name;
  }
}
