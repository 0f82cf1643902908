package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** How the database is backed up, chosen by {@code provider}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "provider")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DatabaseConfig.Postgresql.class, name = "postgresql"),
    @JsonSubTypes.Type(value = DatabaseConfig.PostgresqlFsLevel.class, name = "postgresql-fslevel")})
public sealed interface DatabaseConfig {
  /** Provider names as written in the configuration. */
  List<String> PROVIDERS = List.of("postgresql", "postgresql-fslevel");

  /** The provider name. */
  String provider();

  /** The host (from {@code hosts}) where the database steps run. */
  String host();

  /**
   * {@code pg_dump -Fd -j N} into {@code <backupRoot>/<restore point id>/db}.
   *
   * @param host the host where {@code pg_dump} runs
   * @param address PostgreSQL's address as seen from that host; 127.0.0.1 when absent
   * @param port 5432 when absent
   * @param name the database name
   * @param user the database user
   * @param password its password by reference; absent for peer or .pgpass authentication
   * @param backupRoot absolute directory for dumps
   * @param jobs parallel dump jobs; 4 when absent
   */
  record Postgresql(String host, String address, Integer port, String name, String user, SecretRef password,
                    String backupRoot, Integer jobs) implements DatabaseConfig {
    public Postgresql {
      address = address == null ? "127.0.0.1" : address;
      port = port == null ? 5432 : port;
      jobs = jobs == null ? 4 : jobs;
    }

    public String provider() {
      return "postgresql";
    }
  }

  /**
   * The database's data directory lives on a home mount and is captured by the home snapshot.
   *
   * @param host the host of the database
   * @param dataDirectory absolute path of the data directory; must be under one of the home mounts
   */
  record PostgresqlFsLevel(String host, String dataDirectory) implements DatabaseConfig {
    public String provider() {
      return "postgresql-fslevel";
    }
  }
}
