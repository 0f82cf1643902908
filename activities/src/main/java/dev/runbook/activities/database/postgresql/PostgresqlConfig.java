package dev.runbook.activities.database.postgresql;

import dev.runbook.activities.config.DatabaseConfig;
import dev.runbook.activities.config.ProviderChecks;
import dev.runbook.activities.config.SecretRef;

/**
 * {@code pg_dump -Fd -j N} into {@code <backupRoot>/<restore point id>/db} ({@code provider: postgresql}).
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
public record PostgresqlConfig(String host, String address, Integer port, String name, String user, SecretRef password,
                               String backupRoot, Integer jobs) implements DatabaseConfig {
  public PostgresqlConfig {
    address = address == null ? "127.0.0.1" : address;
    port = port == null ? 5432 : port;
    jobs = jobs == null ? 4 : jobs;
  }

  @Override
  public void check(ProviderChecks c) {
    c.require("name", name);
    c.require("user", user);
    c.secret("password", password);
    c.absolute("backupRoot", backupRoot, true);
    if (port < 1 || port > 65535) {
      c.add("port", "must be between 1 and 65535");
    }
    if (jobs < 1 || jobs > 64) {
      c.add("jobs", "must be between 1 and 64");
    }
  }
}
