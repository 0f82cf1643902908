package dev.runbook.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCatalogTest extends CatalogContract {
  @TempDir
  Path dir;
  private int n;

  @Override
  CatalogLocation freshLocation() {
    return CatalogLocation.sqlite(dir.resolve("nested/dir/catalog-" + (n++) + ".db"));
  }

  @Test
  void createsTheFileAndItsDirectory() {
    CatalogLocation where = freshLocation();
    Catalog.open(where, secrets());
    assertThat(Files.exists(Path.of(where.url().substring("jdbc:sqlite:".length())))).isTrue();
  }

  @Test
  void defaultLocationFollowsXdgDataHome() {
    assertThat(CatalogLocation.dataDirectory(Map.of("XDG_DATA_HOME", "/data"))).isEqualTo(Path.of("/data/runbook"));
    assertThat(CatalogLocation.dataDirectory(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".local/share/runbook"));
  }

  @Test
  void explicitPathBeatsConfigWhichBeatsDefault() {
    var configured = new dev.runbook.activities.config.CatalogConfig("jdbc:postgresql://127.0.0.1:5432/rb", "rb",
        dev.runbook.activities.config.SecretRef.parse("env:RB_PW"));
    assertThat(CatalogLocation.resolve("/tmp/x.db", configured).url()).isEqualTo("jdbc:sqlite:/tmp/x.db");
    assertThat(CatalogLocation.resolve(null, configured).user()).isEqualTo("rb");
    assertThat(CatalogLocation.resolve(null, null).url()).endsWith("/runbook/catalog.db");
  }
}
