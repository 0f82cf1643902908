package dev.runbook.activities.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Resolves {@link SecretRef}s in the process that needs the value. */
public final class Secrets {
  /** The largest secret file read: 64 KiB. */
  static final long MAX_FILE = 64 * 1024;

  private final Map<String, String> env;

  /** Resolves against this process's environment. */
  public Secrets() {
    this(System.getenv());
  }

  /** Resolves against the given environment (tests). */
  public Secrets(Map<String, String> env) {
    this.env = env;
  }

  /** The secret's value; throws {@link MissingSecretException} naming the field and reference, never a value. */
  public String resolve(String field, SecretRef ref) {
    Optional<String> problem = problem(ref);
    if (problem.isPresent()) {
      throw new MissingSecretException(field + ": " + problem.get());
    }
    return read(ref);
  }

  /** Why {@code ref} cannot be resolved here, or empty when it can. */
  public Optional<String> problem(SecretRef ref) {
    if (ref.kind() == SecretRef.Kind.ENV) {
      String v = env.get(ref.name());
      return v == null || v.isEmpty()
          ? Optional.of("environment variable " + ref.name() + " (" + ref + ") is not set")
          : Optional.empty();
    }
    Path p = Path.of(ref.name());
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      return Optional.of("secret file " + p + " (" + ref + ") is missing or not readable");
    }
    try {
      // One secret is a line or a key; a larger file is the wrong file, and reading it could exhaust memory.
      return Files.size(p) > MAX_FILE ? Optional.of("secret file " + p + " (" + ref + ") is larger than 64 KiB: "
          + "it should hold the secret alone") : Optional.empty();
    } catch (IOException e) {
      return Optional.of("secret file " + p + " (" + ref + ") cannot be read: " + e.getMessage());
    }
  }

  private String read(SecretRef ref) {
    if (ref.kind() == SecretRef.Kind.ENV) {
      return env.get(ref.name());
    }
    try {
      String s = Files.readString(Path.of(ref.name()), StandardCharsets.UTF_8);
      return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    } catch (IOException e) {
      throw new MissingSecretException("secret file " + ref.name() + " could not be read: " + e.getMessage());
    }
  }

  /** A secret reference that cannot be resolved; the message names the reference, never a value. */
  public static final class MissingSecretException extends RuntimeException {
    public MissingSecretException(String message) {
      super(message);
    }
  }
}
