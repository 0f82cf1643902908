package dev.runbook.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class PostgresFixtureTest {
  @Test
  void startsAPrivateClusterWithPasswordAuthAndRemovesItOnClose() throws Exception {
    int port;
    try (PostgresFixture pg = PostgresFixture.start()) {
      port = pg.port();
      pg.createDatabase("sample");
      pg.psql("sample", "CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2)");
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl("sample"), pg.user(), pg.password());
           ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
      assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("sample"), pg.user(), "wrong"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.net.ConnectException.class);
  }
}
