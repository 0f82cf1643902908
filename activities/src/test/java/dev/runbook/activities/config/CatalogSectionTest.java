package dev.runbook.activities.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConfigLoader#loadCatalog}: commands that only read the catalog (history, show, evidence, restore list) read
 * the catalog section alone. What they read is refused exactly as the whole file's load refuses it (same problems,
 * paths and lines); the file must still be YAML with known top-level keys; the other sections are not checked.
 */
class CatalogSectionTest {
  private static final String CATALOG = "catalog:\n  url: jdbc:postgresql://db.example:5432/runbook\n  user: runbook\n"
      + "  password: env:CATALOG_PASSWORD\n";

  @TempDir
  Path dir;

  @Test
  void readsTheSectionAsTheWholeLoadDoes() throws Exception {
    Path file = write(CATALOG + ConfigLoaderTest.VALID);
    assertThat(ConfigLoader.loadCatalog(file)).isEqualTo(ConfigLoader.load(file).catalog());
    assertThat(ConfigLoader.loadCatalog(file).password()).isEqualTo(SecretRef.parse("env:CATALOG_PASSWORD"));
    assertThat(ConfigLoader.loadCatalog(write(ConfigLoaderTest.VALID))).as("no section: the default catalog").isNull();
    for (String valid : List.of("catalog: {url: 'jdbc:sqlite:/var/lib/runbook/catalog.db'}\n",
        "catalog:\n  url: \"jdbc:postgresql://db/runbook\"  # comment\n  password: file:/etc/runbook/catalog-password\n",
        "catalog: {}\n", "catalog:\n", "catalog: {user: yes, url: jdbc:sqlite:/x.db}\n")) {
      Path other = write(ConfigLoaderTest.VALID + valid);
      assertThat(ConfigLoader.loadCatalog(other)).as(valid).isEqualTo(ConfigLoader.load(other).catalog());
    }
  }

  @Test
  void otherSectionsAreNotChecked() throws Exception {
    Path file = write(CATALOG + "instances:\n  - name: prod\n    colour: blue\n");
    assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class);
    assertThat(ConfigLoader.loadCatalog(file).url()).isEqualTo("jdbc:postgresql://db.example:5432/runbook");
  }

  @Test
  void problemsInTheSectionAreTheWholeLoadsWithTheirPathsAndLines() throws Exception {
    for (String bad : List.of(
        CATALOG.replace("jdbc:postgresql://db.example", "jdbc:mysql://db.example"),
        CATALOG.replace("jdbc:postgresql://db.example:5432/runbook", "'jdbc:postgresql://db/runbook?password=x'"),
        CATALOG.replace("  user: runbook\n", "  user: runbook\n  passwd: x\n"),
        CATALOG.replace("env:CATALOG_PASSWORD", "hunter2"),
        CATALOG.replace("env:CATALOG_PASSWORD", "{kind: FILE, name: x}"),
        CATALOG.replace("  user: runbook\n", "  user: [a, b]\n"),
        "catalog: [jdbc:sqlite:/tmp/x.db]\n")) {
      Path file = write(bad + ConfigLoaderTest.VALID);
      List<String> whole = problems(() -> ConfigLoader.load(file));
      assertThat(whole).as(bad).isNotEmpty().allMatch(p -> p.startsWith("catalog") && p.matches(".*\\(line \\d+\\)"));
      assertThat(problems(() -> ConfigLoader.loadCatalog(file))).as(bad).isEqualTo(whole);
    }
  }

  @Test
  void theFileMustStillBeYamlWithKnownKeys() throws Exception {
    Path typo = write(ConfigLoaderTest.VALID + "catalgo: jdbc:sqlite:/tmp/x.db\n");
    assertThat(problems(() -> ConfigLoader.loadCatalog(typo))).isEqualTo(problems(() -> ConfigLoader.load(typo)))
        .singleElement().asString().startsWith("catalgo: unknown key (known keys: approval, approvers, catalog,");

    Path malformed = write(CATALOG + "hosts:\n  - name: a\n   mode: agent\n");
    assertThat(problems(() -> ConfigLoader.loadCatalog(malformed))).singleElement().asString()
        .startsWith("not valid YAML: ").endsWith("(line 7)");
    Path alias = write(CATALOG + "hosts: &h [{name: a}]\nmore: *h\n");
    assertThat(problems(() -> ConfigLoader.loadCatalog(alias))).containsExactly(
        "more: YAML aliases (*name) are not supported: write the value out (line 6)");
    Path list = write("- catalog\n");
    assertThat(problems(() -> ConfigLoader.loadCatalog(list))).singleElement().asString()
        .startsWith("the file must be a mapping of keys");
    Path empty = write("# nothing\n");
    assertThat(problems(() -> ConfigLoader.loadCatalog(empty))).singleElement().asString()
        .startsWith("the file is empty");
    assertThat(problems(() -> ConfigLoader.loadCatalog(dir.resolve("missing.yaml")))).containsExactly("file not found");
  }

  private Path write(String yaml) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "runbook", ".yaml"), yaml);
  }

  private static List<String> problems(Runnable load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    return List.of();
  }
}
