package dev.runbook.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that only read open the catalog as it is: no file created, no migration, an older schema read as it is. */
class CatalogReadOnlyTest {
  @TempDir
  Path dir;

  private final Secrets secrets = new Secrets(Map.of());

  @Test
  void aMissingFileIsNotCreated() {
    CatalogLocation where = CatalogLocation.sqlite(dir.resolve("none.db"));
    assertThatThrownBy(() -> Catalog.openReadOnly(where, secrets)).isInstanceOf(CatalogUnavailableException.class)
        .hasMessageStartingWith("no catalog at " + dir.resolve("none.db") + " yet");
    assertThat(dir.resolve("none.db")).doesNotExist();
  }

  @Test
  void anOlderSchemaIsReadAsItIsAndNotMigrated() throws Exception {
    CatalogLocation where = CatalogLocation.sqlite(dir.resolve("old.db"));
    Flyway.configure(Catalog.class.getClassLoader()).dataSource(where.url(), null, null)
        .locations("classpath:dev/runbook/catalog/migration").target("3").load().migrate();
    sql(where, "INSERT INTO runs (id, workflow_id, runbook, instance, trigger_kind, requested_by, parameters, status, started_at)"
        + " VALUES ('r1', 'backup-prod-1', 'backup', 'prod', 'cli', 'alice', '{}', 'SUCCEEDED', 1000)",
        "INSERT INTO restore_points (id, instance, run_id, status, created_at, freeze_started_at, freeze_ended_at)"
        + " VALUES ('prod-1', 'prod', 'r1', 'COMPLETE', 1000, 1100, 1142)",
        "INSERT INTO artifacts (restore_point_id, name, kind, provider, host, location, size_bytes, duration_ms, created_at)"
        + " VALUES ('prod-1', 'db', 'db-dump', 'postgresql', 'db', '/backups/prod-1', 4096, 12, 1200)");

    Catalog reader = Catalog.openReadOnly(where, secrets);

    assertThat(reader.runs(new RunQuery("prod", "backup", RunStatus.SUCCEEDED, "cli", "alice", Instant.ofEpochMilli(1000),
        Instant.ofEpochMilli(1001), 10))).extracting(RunRecord::id).containsExactly("r1");
    assertThat(reader.runs(new RunQuery(null, null, null, "schedule", null, null, null, 10))).isEmpty();
    assertThat(reader.runs(new RunQuery(null, null, null, null, null, Instant.ofEpochMilli(1001), null, 10))).isEmpty();
    RestorePointRecord p = reader.restorePointOfRun("r1").orElseThrow();
    assertThat(p.freezeWindow().toMillis()).isEqualTo(42);
    assertThat(p.verification()).isNull();
    assertThat(p.artifacts()).singleElement().satisfies(a -> {
      assertThat(a.sizeBytes()).isEqualTo(4096);
      assertThat(a.checksum()).isNull();
    });
    assertThat(reader.cancelRequests("r1")).isEmpty();
    assertThat(schemaVersion(where)).as("a reader never migrates").isEqualTo("3");
    assertThatThrownBy(() -> reader.runStarted(new RunStarted("r2", "w", "check", "prod", Trigger.CLI, "bob", "{}",
        Instant.now()))).as("a reader cannot write").isInstanceOf(SQLException.class);

    Catalog writer = Catalog.open(where, secrets); // a writer migrates
    assertThat(writer.restorePointVerified("prod-1", Instant.ofEpochMilli(5000), "v1", "rows ok")).isTrue();
    assertThat(writer.restorePointVerified("prod-404", Instant.ofEpochMilli(5000), "v1", "rows ok")).isFalse();
    RestorePointRecord verified = Catalog.openReadOnly(where, secrets).restorePointRecord("prod-1").orElseThrow();
    assertThat(verified.verification()).isEqualTo(new RestorePointRecord.Verification(Instant.ofEpochMilli(5000), "v1", "rows ok"));
  }

  private static void sql(CatalogLocation where, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(where.url()); Statement s = c.createStatement()) {
      for (String st : statements) {
        s.executeUpdate(st);
      }
    }
  }

  private static String schemaVersion(CatalogLocation where) throws SQLException {
    try (Connection c = DriverManager.getConnection(where.url()); Statement s = c.createStatement();
         var rs = s.executeQuery("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
