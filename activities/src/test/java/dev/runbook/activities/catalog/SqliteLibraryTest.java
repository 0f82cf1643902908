package dev.runbook.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.run.Trigger;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlite-jdbc's native library kept in the launcher's cache ({@link SqliteLibrary}): made once, loaded from there
 * instead of being extracted on every start, and never the reason a catalog cannot be read, whether the cached copy
 * is damaged or the cache is one that others may write. The library is loaded once per JVM, so each catalog read
 * below is a JVM of its own, as each command is; what it finds in sqlite-jdbc's own extraction directory
 * ({@code org.sqlite.tmpdir}) shows whether it fell back to extracting.
 */
class SqliteLibraryTest {
  @TempDir
  Path dir;
  Path cache;
  Path prefix;
  Path extracted;
  Path db;

  @BeforeEach
  void catalog() throws Exception {
    cache = Files.createDirectory(dir.resolve("cache"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    prefix = cache.resolve("runbook-1-2-3-4-5-");
    extracted = Files.createDirectory(dir.resolve("extracted"));
    db = dir.resolve("catalog.db");
    Catalog c = Catalog.open(CatalogLocation.sqlite(db), new Secrets(Map.of()));
    c.runStarted(new RunStarted("run-1", "backup-prod-1", "backup", "prod", Trigger.CLI, "alice", "{}", Instant.ofEpochSecond(1000)));
  }

  @Test
  void theFirstReadKeepsTheLibraryInTheCacheAndLaterReadsLoadItFromThereWithoutExtracting() throws Exception {
    assertThat(read()).isEqualTo("run-1 from " + entry() + ", extracted 0\n");
    Path entry = entry();
    assertThat(entry.getFileName().toString()).matches("runbook-1-2-3-4-5-sqlite-[0-9.]+-[0-9a-f]{8}");
    assertThat(entry.getFileName().toString()).endsWith("-" + crc(entry.resolve("libsqlitejdbc.so")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry.resolve("libsqlitejdbc.so")))).isEqualTo("r-x------");

    assertThat(read()).isEqualTo("run-1 from " + entry + ", extracted 0\n");
  }

  @Test
  void aDamagedCachedLibraryIsMadeAgainAndTheReadStillWorks() throws Exception {
    read();
    Path lib = entry().resolve("libsqlitejdbc.so");
    String whole = crc(lib);
    lib.toFile().setWritable(true);
    try (RandomAccessFile f = new RandomAccessFile(lib.toFile(), "rw")) {
      for (long at = 4096; at < f.length(); at += 4096) { // the ELF header stays; the code does not
        f.seek(at);
        f.write(0x5a);
      }
    }

    assertThat(read()).isEqualTo("run-1 from " + entry() + ", extracted 0\n");
    assertThat(crc(entry().resolve("libsqlitejdbc.so"))).isEqualTo(whole);

    Files.write(lib, new byte[0]); // truncated to nothing
    assertThat(read()).isEqualTo("run-1 from " + entry() + ", extracted 0\n");
    assertThat(crc(entry().resolve("libsqlitejdbc.so"))).isEqualTo(whole);
  }

  @Test
  void aCopyLeftHalfMadeByAKilledCommandIsRemoved() throws Exception {
    read();
    Path entry = entry();
    Path left = Files.createDirectory(cache.resolve(entry.getFileName() + ".999999999.tmp"));
    Files.write(left.resolve("libsqlitejdbc.so"), new byte[100]);
    assertThat(read()).isEqualTo("run-1 from " + entry + ", extracted 0\n");
    assertThat(left).doesNotExist();
    assertThat(entry()).isEqualTo(entry);
  }

  @Test
  void aCacheOthersMayWriteIsNotUsedAndSqliteExtractsItsLibraryAsWithoutOne() throws Exception {
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(read()).isEqualTo("run-1 from null, extracted 2\n");
    assertThat(cache).isEmptyDirectory();
  }

  @Test
  void aCachedLibraryOthersMayWriteIsNotLoaded() throws Exception {
    read();
    Path entry = entry();
    Files.setPosixFilePermissions(entry.resolve("libsqlitejdbc.so"), PosixFilePermissions.fromString("r-x-w----"));
    assertThat(read()).isEqualTo("run-1 from " + entry() + ", extracted 0\n"); // replaced by a copy of this user's alone
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry().resolve("libsqlitejdbc.so")))).isEqualTo("r-x------");
  }

  @Test
  void withoutTheLaunchersCacheNothingChanges() throws Exception {
    assertThat(read(List.of())).isEqualTo("run-1 from null, extracted 2\n");
    assertThat(cache).isEmptyDirectory();
  }

  /** Reads the catalog in a JVM of its own with the launcher's cache, as a command would; returns what it printed. */
  private String read() throws Exception {
    return read(List.of("-D" + SqliteLibrary.PROPERTY + "=" + prefix));
  }

  private String read(List<String> options) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dorg.sqlite.tmpdir=" + extracted));
    command.addAll(options);
    command.addAll(List.of(Reader.class.getName(), db.toString()));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** The one entry in the cache (there must be exactly one). */
  private Path entry() throws Exception {
    try (Stream<Path> files = Files.list(cache)) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }

  private static String crc(Path file) throws Exception {
    CRC32 crc = new CRC32();
    crc.update(Files.readAllBytes(file));
    return String.format("%08x", crc.getValue());
  }

  /**
   * A command's catalog read: prints the run it finds, where sqlite-jdbc was told to load its library from, and how
   * many files it extracted.
   */
  public static final class Reader {
    public static void main(String[] args) throws Exception {
      Catalog c = Catalog.openReadOnly(CatalogLocation.sqlite(Path.of(args[0])), new Secrets(Map.of()));
      String run = c.run("run-1").orElseThrow().id();
      try (Stream<Path> files = Files.list(Path.of(System.getProperty("org.sqlite.tmpdir")))) {
        // sqlite-jdbc deletes what it extracted when the JVM exits: counted while it runs.
        System.out.println(run + " from " + System.getProperty(SqliteLibrary.LIB_PATH) + ", extracted " + files.count());
      }
    }
  }
}
