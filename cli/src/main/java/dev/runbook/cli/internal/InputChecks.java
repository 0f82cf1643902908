package dev.runbook.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters that refuse bad option values while the command line is parsed, before anything is
 * opened or contacted: picocli then exits 2 naming the option. Messages never repeat a refused value
 * that may hold a secret.
 */
public final class InputChecks {
  private InputChecks() {}

  private static String text(String value, String what) {
    if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new TypeConversionException("empty or not one line: give " + what);
    }
    return value.strip();
  }

  private static int between(String value, int min, int max, String unit) {
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number: give " + min + " to " + max + unit);
    }
    if (n < min || n > max) {
      throw new TypeConversionException(n + " is out of range: give " + min + " to " + max + unit);
    }
    return n;
  }

  /** A person's name, as {@code --as} takes it. */
  public static final class Person implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return text(value, "the name of the person deciding, for example --as alice");
    }
  }

  /** Why, as {@code --reason} takes it. */
  public static final class Reason implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return text(value, "the reason in words, for example --reason 'INC-123: data loss confirmed'");
    }
  }

  /** A run as the operator names it: never empty, which would match every run. */
  public static final class RunName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String run = text(value, "a run id, its first characters (as `runbook history` prints) or a workflow id");
      if (run.chars().anyMatch(Character::isWhitespace)) {
        throw new TypeConversionException("a run id holds no spaces: copy it from `runbook history`");
      }
      return run;
    }
  }

  /** A name that must not be empty: an instance, a restore point, a schedule, a namespace. */
  public static final class Name implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return text(value, "the name, or leave the option out");
    }
  }

  /** How many runs {@code history} lists. */
  public static final class Limit implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return between(value, 1, 10_000, " runs");
    }
  }

  /** How long to wait for a worker, in seconds. */
  public static final class WaitSeconds implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return between(value, 1, 86_400, " seconds");
    }
  }

  /** The configuration file's path: never empty, which would name the current directory. */
  public static final class ConfigFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException("empty: give the path of runbook.yaml, for example -c /etc/runbook/runbook.yaml");
      }
      return Path.of(value);
    }
  }

  /** The catalog: a jdbc:sqlite: or jdbc:postgresql:// URL without a password, or a SQLite file. */
  public static final class Catalog implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException("empty: give a jdbc:postgresql:// URL or a SQLite file, or leave the option out");
      }
      String lower = value.toLowerCase(Locale.ROOT);
      if (dev.runbook.activities.catalog.CatalogLocation.holdsCredentials(value)) {
        // The value is not repeated: it holds a password.
        throw new TypeConversionException("must not hold a password (it would show in errors and process lists): "
            + "give it in the configuration's catalog.password as env:NAME or file:/path");
      }
      if (lower.startsWith("jdbc:") && !lower.startsWith("jdbc:sqlite:") && !lower.startsWith("jdbc:postgresql://")) {
        // Only the scheme is repeated: the rest of a URL may hold credentials in a driver's own syntax.
        throw new TypeConversionException(value.substring(0, value.indexOf(':', 5) < 0 ? value.length() : value.indexOf(':', 5) + 1)
            + " is not supported: give jdbc:postgresql://HOST/DB, jdbc:sqlite:FILE or a SQLite file");
      }
      Path file = Path.of(lower.startsWith("jdbc:sqlite:") ? value.substring("jdbc:sqlite:".length()) : value);
      if (!lower.startsWith("jdbc:postgresql:") && Files.exists(file) && !Files.isRegularFile(file)) {
        throw new TypeConversionException(file + " is not a regular file (a directory, device or FIFO): give the "
            + "SQLite file, for example ~/.local/share/runbook/catalog.db");
      }
      return value;
    }
  }
}
