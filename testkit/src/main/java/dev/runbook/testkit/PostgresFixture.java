package dev.runbook.testkit;

import dev.runbook.testkit.internal.Ports;
import dev.runbook.testkit.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A private PostgreSQL cluster for one test class or one demo: {@code initdb} in a fresh temporary
 * directory, a random port on 127.0.0.1, password authentication over TCP, torn down (stopped and
 * deleted) by {@link #close()} and, failing that, by a JVM shutdown hook.
 *
 * <p>{@code initdb} refuses to run as root, so when this JVM is root the cluster is created and run
 * as the {@code postgres} system user through {@code runuser}. The server binaries are found through
 * the {@code PG_BIN} environment variable, else the newest {@code /usr/lib/postgresql/N/bin}, else
 * {@code PATH}.
 */
public final class PostgresFixture implements AutoCloseable {
  private static final String SUPERUSER = "postgres";

  private final Path dir;
  private final Path data;
  private final Path bin;
  private final int port;
  private final String password;
  private final boolean asPostgresUser;
  private final Thread shutdownHook;
  private boolean closed;

  private PostgresFixture(Path dir, Path bin, int port, String password, boolean asPostgresUser) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.bin = bin;
    this.port = port;
    this.password = password;
    this.asPostgresUser = asPostgresUser;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-fixture-stop");
  }

  /** Creates and starts a cluster; fails with the server log when it cannot start. */
  public static PostgresFixture start() {
    Path bin = findBinDir();
    boolean root = "root".equals(System.getProperty("user.name"));
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = null;
      try {
        dir = Files.createTempDirectory("runbook-pg-");
        PostgresFixture pg = new PostgresFixture(dir, bin, Ports.free(), password, root);
        pg.initAndStart();
        Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
        return pg;
      } catch (IOException e) {
        last = e;
        Processes.deleteTree(dir);
      }
    }
    throw new UncheckedIOException("could not start a private PostgreSQL cluster", last);
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The superuser name ({@code postgres}). */
  public String user() {
    return SUPERUSER;
  }

  /** The superuser's password, random per cluster. */
  public String password() {
    return password;
  }

  /** The directory holding the server binaries ({@code pg_dump}, {@code pg_restore}, ...). */
  public Path binDir() {
    return bin;
  }

  /** A JDBC URL for {@code database} on this cluster (credentials are passed separately). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates an empty database owned by the superuser. */
  public void createDatabase(String name) {
    psql("postgres", "CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
  }

  /** Runs SQL through {@code psql} as the superuser and returns its unaligned output. */
  public String psql(String database, String sql) {
    List<String> cmd = List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
        "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", SUPERUSER, "-d", database, "-c", sql);
    try {
      return Processes.run(cmd, dir, java.util.Map.of("PGPASSWORD", password)).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void initAndStart() throws IOException {
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, password + "\n");
    Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
    if (asPostgresUser) {
      Processes.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir, java.util.Map.of());
    }
    asOwner(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
        "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"));
    Path log = dir.resolve("server.log");
    try {
      asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
          "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off", "start"));
    } catch (IOException e) {
      String tail = Files.exists(log) ? Processes.tail(Files.readString(log), 20) : "(no server log)";
      throw new IOException(e.getMessage() + "\nserver log:\n" + tail, e);
    }
  }

  private void asOwner(List<String> command) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (asPostgresUser) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    Processes.run(cmd, dir, java.util.Map.of());
  }

  private static Path findBinDir() {
    String env = System.getenv("PG_BIN");
    if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
      return Path.of(env);
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (var versions = Files.list(root)) {
        var newest = versions.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
            .max((a, b) -> Integer.compare(major(a), major(b)));
        if (newest.isPresent()) {
          return newest.get().resolve("bin");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p, "initdb"))) {
        return Path.of(p);
      }
    }
    throw new IllegalStateException("PostgreSQL server binaries not found (initdb): install postgresql "
        + "(apt-get install postgresql) or set PG_BIN to the directory holding initdb");
  }

  private static int major(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private synchronized void stopQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    } catch (IOException | RuntimeException e) {
      // Best effort: the directory is removed below either way.
    }
    Processes.deleteTree(dir);
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or has run.
    }
  }
}
