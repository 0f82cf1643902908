package dev.runbook.activities.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, kept in the launcher's cache instead of being extracted to {@code /tmp} on every
 * start. Without it, each JVM that opens a SQLite catalog copies the 1 MB library out of the jar, compares the copy
 * with the jar's and runs {@code uname} to find its platform: about 0.1 s of every {@code runbook history}
 * (docs/performance.md, "(c) CLI start").
 *
 * <p>The launcher ({@code deploy/bin/runbook}) names the cache by the system property {@value #PROPERTY}: the path
 * prefix of its class-data-sharing archive, which already carries the jar's path and the jar's and the JVM's size and
 * modification time. An entry is the directory {@code <prefix>sqlite-<version>-<crc32>/libsqlitejdbc.so}, made under
 * a temporary name and renamed when complete, and used only when its content's CRC-32 is the one in its name and
 * it, its directory and the cache belong to this user and no one else may write them (a library loaded from a
 * directory others can write would run their code). A missing, damaged or unsafe entry is left to sqlite-jdbc's own
 * extraction, today's behaviour, so it never fails a command; without the property nothing changes at all.
 */
final class SqliteLibrary {
  /** The launcher's cache prefix; unset outside the launcher (tests, embedded use). */
  static final String PROPERTY = "runbook.nativeCache";
  /** sqlite-jdbc's setting: the directory to load its library from before trying anything else. */
  static final String LIB_PATH = "org.sqlite.lib.path";

  private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.OTHERS_WRITE);
  private static volatile boolean prepared;

  private SqliteLibrary() {}

  /** Points sqlite-jdbc at a whole cached copy of its library, making one first if needed; once per JVM. */
  static void prepare() {
    if (prepared) {
      return;
    }
    synchronized (SqliteLibrary.class) {
      if (!prepared) {
        String prefix = System.getProperty(PROPERTY);
        if (prefix != null && !prefix.isBlank() && System.getProperty(LIB_PATH) == null) {
          Path entry = usable(Path.of(prefix));
          if (entry != null) {
            System.setProperty(LIB_PATH, entry.toString());
          }
        }
        prepared = true;
      }
    }
  }

  /** The directory holding a whole, safe copy of the library for cache prefix {@code prefix}, or null. */
  static Path usable(Path prefix) {
    Path cache = prefix.getParent();
    if (cache == null || !Files.isDirectory(cache, LinkOption.NOFOLLOW_LINKS) || !safe(cache, OTHERS_WRITE)) {
      // Someone else could swap an entry between its check and its loading.
      return null;
    }
    String name = LibraryLoaderUtil.getNativeLibName();
    String stem = prefix.getFileName() + "sqlite-" + SQLiteJDBCLoader.getVersion() + "-";
    Path found = null;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(cache, p -> p.getFileName().toString().startsWith(stem))) {
      for (Path entry : entries) {
        String crc = entry.getFileName().toString().substring(stem.length());
        if (crc.contains(".")) { // <crc>.<pid>.tmp: a copy being made, or left by a command that was killed
          String[] parts = crc.split("\\.");
          if (parts.length == 3 && parts[1].matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty()) {
            delete(entry);
          }
        } else if (found == null && whole(entry, name, crc)) {
          found = entry;
        } else {
          delete(entry); // damaged or not ours: made again below
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (found != null) {
      return found;
    }
    return extract(cache, stem, name);
  }

  /** Copies the library out of the jar into a new entry; null when there is none for this platform or it fails. */
  private static Path extract(Path cache, String stem, String name) {
    byte[] library;
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
      if (in == null) {
        return null; // a platform the jar has no library for: sqlite-jdbc says so itself
      }
      library = in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return null;
    }
    CRC32 crc = new CRC32();
    crc.update(library);
    Path entry = cache.resolve(stem + hex(crc.getValue()));
    Path tmp = cache.resolve(entry.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.createDirectory(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.write(tmp.resolve(name), library);
      Files.setPosixFilePermissions(tmp.resolve(name), PosixFilePermissions.fromString("r-x------"));
      Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
      return entry;
    } catch (FileAlreadyExistsException e) {
      delete(tmp); // another command made it meanwhile
      return whole(entry, name, hex(crc.getValue())) ? entry : null;
    } catch (IOException | RuntimeException e) {
      delete(tmp);
      return Files.isDirectory(entry) && whole(entry, name, hex(crc.getValue())) ? entry : null;
    }
  }

  /** The entry's library is there, is this user's alone, and has the CRC-32 its name says. */
  private static boolean whole(Path entry, String name, String crc) {
    Path lib = entry.resolve(name);
    if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(lib, LinkOption.NOFOLLOW_LINKS)
        || !safe(entry, OTHERS_WRITE) || !safe(lib, OTHERS_WRITE)) {
      return false;
    }
    CRC32 sum = new CRC32();
    try (InputStream in = Files.newInputStream(lib)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sum.update(buffer, 0, n);
      }
    } catch (IOException e) {
      return false;
    }
    return hex(sum.getValue()).equals(crc);
  }

  /** {@code p} belongs to this user and none of {@code forbidden} is set on it. */
  private static boolean safe(Path p, Set<PosixFilePermission> forbidden) {
    try {
      return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))
          && Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).stream().noneMatch(forbidden::contains);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static String hex(long crc) {
    return String.format(Locale.ROOT, "%08x", crc);
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      // Left for the next command or the launcher's clean-up; this one does without the cache.
    }
  }
}
