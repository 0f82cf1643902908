package dev.runbook.activities.catalog;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.SecretRef;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.PostgresFixture;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same contract against a real PostgreSQL server this test starts. */
class PostgresCatalogTest extends CatalogContract {
  static PostgresFixture pg;
  private static int n;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresFixture.start();
  }

  @AfterAll
  static void stopPostgres() {
    pg.close();
  }

  @Override
  Secrets secrets() {
    return new Secrets(Map.of("CATALOG_PW", pg.password()));
  }

  @Override
  CatalogLocation freshLocation() {
    String db = "catalog_" + (n++);
    pg.createDatabase(db);
    return new CatalogLocation(pg.jdbcUrl(db), pg.user(), SecretRef.parse("env:CATALOG_PW"));
  }

  @Test
  void aServerThatDoesNotAnswerIsOneLineNamingTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    CatalogLocation nowhere = new CatalogLocation("jdbc:postgresql://127.0.0.1:" + closedPort + "/runbook", "x", null);
    assertThatThrownBy(() -> Catalog.open(nowhere, secrets()))
        .isInstanceOf(CatalogUnavailableException.class)
        .hasMessageStartingWith("catalog jdbc:postgresql://127.0.0.1:" + closedPort + "/runbook: ")
        .hasMessageContaining("refused");
  }

  @Test
  void aWrongPasswordIsOneLineWithoutThePassword() {
    CatalogLocation wrong = new CatalogLocation(pg.jdbcUrl("postgres"), pg.user(), SecretRef.parse("env:WRONG"));
    assertThatThrownBy(() -> Catalog.open(wrong, new Secrets(Map.of("WRONG", "not-the-password"))))
        .isInstanceOf(CatalogUnavailableException.class)
        .hasMessageContaining("password authentication failed")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void aMissingPasswordReferenceIsNamed() {
    CatalogLocation unset = new CatalogLocation(pg.jdbcUrl("postgres"), pg.user(), SecretRef.parse("env:UNSET_PW"));
    assertThatThrownBy(() -> Catalog.open(unset, new Secrets(Map.of())))
        .hasMessageContaining("catalog.password: environment variable UNSET_PW (env:UNSET_PW) is not set");
  }
}
