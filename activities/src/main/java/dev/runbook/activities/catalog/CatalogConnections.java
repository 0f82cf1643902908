package dev.runbook.activities.catalog;

import dev.runbook.activities.config.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/** How {@link Catalog} connects: JDBC properties for writers and readers, the SQLite file, the schema a reader finds. */
final class CatalogConnections {
  private CatalogConnections() {}

  /**
   * The highest schema version Flyway recorded in the catalog at {@code location}, read without migrating.
   *
   * @throws CatalogUnavailableException when it cannot connect, or the database holds no runbook catalog
   */
  static int schemaVersion(CatalogLocation location, Properties props) {
    int version = 0;
    try (Connection c = DriverManager.getConnection(location.url(), props)) {
      try (PreparedStatement s = c.prepareStatement("SELECT version FROM flyway_schema_history WHERE success = ?");
           ResultSet rs = bind(s, true).executeQuery()) {
        while (rs.next()) {
          String v = rs.getString(1);
          if (v != null && v.matches("\\d+")) {
            version = Math.max(version, Integer.parseInt(v));
          }
        }
      } catch (SQLException e) {
        throw new CatalogUnavailableException("catalog " + location + " holds no runbook catalog yet ("
            + Catalog.rootMessage(e) + "): a writer (runbook up, runbook worker) creates it on start", e);
      }
    } catch (SQLException e) {
      throw new CatalogUnavailableException("catalog " + location + ": " + Catalog.rootMessage(e), e);
    }
    return version;
  }

  private static PreparedStatement bind(PreparedStatement s, boolean value) throws SQLException {
    s.setBoolean(1, value);
    return s;
  }

  static Properties properties(CatalogLocation location, Secrets secrets, boolean readOnly) {
    Properties props = new Properties();
    if (location.isSqlite()) {
      if (readOnly) {
        props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY; the file is in WAL mode since its writer made it
      } else {
        // WAL and a busy timeout let the CLI read while a worker writes.
        props.setProperty("journal_mode", "WAL");
      }
      props.setProperty("busy_timeout", "10000");
    } else {
      props.setProperty("connectTimeout", "5");
      props.setProperty("ApplicationName", "runbook");
      if (readOnly) {
        props.setProperty("readOnly", "true");
      }
    }
    if (location.user() != null) {
      props.setProperty("user", location.user());
    }
    if (location.password() != null) {
      try {
        props.setProperty("password", secrets.resolve("catalog.password", location.password()));
      } catch (Secrets.MissingSecretException e) {
        throw new CatalogUnavailableException("catalog " + location + ": " + e.getMessage(), e);
      }
    }
    return props;
  }

  static Path sqliteFile(CatalogLocation location) {
    String file = location.url().substring("jdbc:sqlite:".length());
    int q = file.indexOf('?');
    return Path.of(q < 0 ? file : file.substring(0, q));
  }

  static void createParent(CatalogLocation location) {
    Path path = sqliteFile(location);
    if (path.getParent() != null && !path.toString().startsWith(":memory:")) {
      try {
        Files.createDirectories(path.getParent());
      } catch (IOException e) {
        throw new CatalogUnavailableException("catalog " + location + ": cannot create " + path.getParent() + ": " + e, e);
      }
    }
  }
}
