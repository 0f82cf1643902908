package dev.runbook.activities.catalog;

import dev.runbook.activities.config.CatalogConfig;
import dev.runbook.activities.config.SecretRef;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the catalog lives: a JDBC URL with optional user and password reference. Chosen, in order,
 * by {@code --catalog}, the configuration's {@code catalog} block, or the default SQLite file
 * {@code $XDG_DATA_HOME/runbook/catalog.db} ({@code ~/.local/share/runbook/catalog.db}).
 *
 * @param url {@code jdbc:sqlite:...} or {@code jdbc:postgresql://...}
 * @param user database user, or null
 * @param password password reference, or null
 */
public record CatalogLocation(String url, String user, SecretRef password) {
  /** The default SQLite catalog of this user. */
  public static CatalogLocation defaultLocation() {
    return sqlite(dataDirectory(System.getenv()).resolve("catalog.db"));
  }

  /** A SQLite catalog in {@code file}. */
  public static CatalogLocation sqlite(Path file) {
    return new CatalogLocation("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
  }

  /**
   * Resolves the location: an explicit value ({@code jdbc:...} URL or a file path for SQLite) wins,
   * then the configuration's block, then the default.
   */
  public static CatalogLocation resolve(String explicit, CatalogConfig configured) {
    if (explicit != null && !explicit.isBlank()) {
      if (explicit.startsWith("jdbc:")) {
        boolean sameAsConfig = configured != null && explicit.equals(configured.url());
        return sameAsConfig ? fromConfig(configured) : new CatalogLocation(explicit, null, null);
      }
      return sqlite(Path.of(explicit));
    }
    return configured != null && configured.url() != null ? fromConfig(configured) : defaultLocation();
  }

  private static CatalogLocation fromConfig(CatalogConfig c) {
    return new CatalogLocation(c.url(), c.user(), c.password());
  }

  /** The user's data directory for runbook: {@code $XDG_DATA_HOME/runbook} or {@code ~/.local/share/runbook}. */
  public static Path dataDirectory(Map<String, String> env) {
    String xdg = env.get("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("runbook");
  }

  public boolean isSqlite() {
    return url.startsWith("jdbc:sqlite:");
  }

  /** The URL, safe to print (it never holds a password; the configuration refuses that). */
  @Override
  public String toString() {
    return url;
  }

  /**
   * True when {@code url} carries a credential ({@code password=} or {@code user:pass@host}): such a URL
   * would show in errors and process lists, so the configuration and the command line refuse it.
   */
  public static boolean holdsCredentials(String url) {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("password=") || lower.matches("jdbc:[a-z]+://[^/]*@.*");
  }
}
