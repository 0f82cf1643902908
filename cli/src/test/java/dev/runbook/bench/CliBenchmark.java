package dev.runbook.bench;

import static dev.runbook.bench.BenchFixture.fill;
import static dev.runbook.bench.Samples.max;
import static dev.runbook.bench.Samples.median;
import static dev.runbook.bench.Samples.min;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.worker.DevServerOptions;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Issue 15 (c), a CLI that starts fast, measured in one run through the installed launcher
 * ({@code deploy/bin/runbook}) with and without its class-data-sharing archive: a JVM that does nothing on the
 * product jar's class path (the baseline), {@code runbook --version}, {@code runbook history} on a catalog with
 * rows, and {@code runbook backup} of a small instance (btrfs home, PostgreSQL) on Temporal's real server
 * against the run's own duration as the catalog records it. Goals: version and history at most 400 ms,
 * backup at most the run plus 500 ms. Needs root (loop devices, mount). Run with {@code bench/cli.sh [ROUNDS]}.
 */
public final class CliBenchmark {
  private static final Pattern RUN_ID = Pattern.compile("started: run (\\S+)");

  private final Path launcher = Path.of("deploy/bin/runbook").toAbsolutePath();
  private final Path jar = Path.of("cli/target/runbook.jar").toAbsolutePath();
  private final Path work;
  private final Map<String, List<Double>> figures = new LinkedHashMap<>();

  private CliBenchmark(Path work) {
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    String why = LoopFilesystems.unavailableBecause();
    if (why != null) {
      System.err.println("benchmark needs real filesystems: " + why);
      System.exit(2);
    }
    try (LoopFilesystems fs = LoopFilesystems.create()) {
      new CliBenchmark(fs.dir()).run(fs, rounds);
    }
    System.exit(0);
  }

  private void run(LoopFilesystems fs, int rounds) throws Exception {
    Path home = fs.subvolume(fs.btrfs("pool", 512).resolve("home"));
    fill(home, 4);
    Files.createDirectories(home.resolveSibling(".snapshots"));
    Path noop = baselineClass();
    Path catalog = work.resolve("catalog.db");
    try (PostgresFixture pg = PostgresFixture.start(); BitbucketSimulator bb = BitbucketSimulator.builder().admin("a", "b").start()) {
      pg.createDatabase("bitbucket");
      pg.psql("bitbucket", "CREATE TABLE t (id int, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 10000) g");
      Path config = work.resolve("runbook.yaml");
      Files.writeString(config, """
          catalog: {url: 'jdbc:sqlite:%s'}
          hosts: [{name: local, mode: local}]
          instances:
            - name: prod
              bitbucket: {baseUrl: '%s', username: a, password: 'file:%s'}
              nodes: [{name: node1, host: local}]
              home: {host: local, mounts: [%s], snapshot: {provider: btrfs}}
              database: {provider: postgresql, host: local, port: %d, name: bitbucket, user: postgres, password: 'file:%s', backupRoot: %s}
              retention: {keep: 1000}
          """.formatted(catalog, bb.baseUrl(), secret("bb-password", "b"), home, pg.port(), secret("pg-password", pg.password()),
          Files.createDirectories(work.resolve("backups"))));
      try (LocalStack stack = LocalStack.start(null, DevServerOptions.ephemeral(work.resolve("temporal.log")),
          new ConfigSource(config), Catalog.open(CatalogLocation.sqlite(catalog), new Secrets(Map.of())), new Secrets(Map.of()))) {
        boolean archived = makeArchive();
        String[] backup = {"backup", "--instance", "prod", "-c", config.toString(), "--temporal-target", stack.target().target()};
        for (int i = 0; i < Math.max(3, rounds / 2) + 1; i++) {
          for (boolean cds : archived ? new boolean[] {true, false} : new boolean[] {false}) {
            Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 20); // a fresh second: a free restore point id
            Ran ran = runbook(cds, backup);
            double wall = ran.ms();
            Matcher m = RUN_ID.matcher(ran.output());
            if (!m.find()) {
              throw new IllegalStateException("runbook backup printed no run id: " + ran.output());
            }
            RunRecord run = recorded(catalog, m.group(1));
            double took = Duration.between(run.startedAt(), run.endedAt()).toNanos() / 1e6;
            if (i > 0) { // the first round warms up the server, the worker and the filesystem
              add("backup wall" + suffix(cds), wall);
              add("backup run" + suffix(cds), took);
              add("backup over run" + suffix(cds), wall - took);
              // Where the difference is: before the run starts (JVM, configuration, connecting, starting) and after
              // it ended (the result reaching the command, printing, exiting); clocks of one machine.
              add("  before run" + suffix(cds), Duration.between(ran.started(), run.startedAt()).toNanos() / 1e6);
              add("  after run" + suffix(cds), Duration.between(run.endedAt(), ran.ended()).toNanos() / 1e6);
            }
            if (Boolean.getBoolean("bench.trace")) { // instants to match with a trace of the command (RUNBOOK_JAVA_OPTS)
              System.out.printf(Locale.ROOT, "backup%s: command %s .. %s, run %s .. %s%n", suffix(cds), ran.started(),
                  ran.ended(), run.startedAt(), run.endedAt());
            }
          }
        }
        for (int i = 0; i < rounds + 1; i++) {
          double base = exec(List.of(java(), "-Xshare:auto", "-cp", jar + ":" + noop, "Noop"), Map.of()).ms();
          if (i > 0) {
            add("baseline", base);
          }
          for (boolean cds : archived ? new boolean[] {true, false} : new boolean[] {false}) {
            double version = runbook(cds, "--version").ms();
            double history = runbook(cds, "history", "-c", config.toString()).ms(); // the catalog is the configuration's
            if (i > 0) {
              add("version" + suffix(cds), version);
              add("history" + suffix(cds), history);
            }
          }
        }
      }
    }
    report(rounds, archived());
  }

  /** The run as its catalog row records it (start to result), once the row says it ended. */
  private static RunRecord recorded(Path catalog, String runId) throws Exception {
    for (int i = 0; i < 100; i++) {
      RunRecord r = Catalog.openReadOnly(CatalogLocation.sqlite(catalog), new Secrets(Map.of())).run(runId).orElse(null);
      if (r != null && r.endedAt() != null) {
        return r;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("run " + runId + " was not recorded as ended in " + catalog);
  }

  private boolean archived() throws Exception {
    try (Stream<Path> files = Files.list(work.resolve("cds"))) {
      return files.anyMatch(p -> p.toString().endsWith(".jsa"));
    }
  }

  /** Runs the launcher once with its archive on, which starts the training run, and waits for the archive. */
  private boolean makeArchive() throws Exception {
    runbook(true, "--version");
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (!archived() && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    Thread.sleep(1000); // the training run removes its class list after the rename
    if (!archived()) {
      System.err.println("the launcher made no archive within 10 minutes; measuring without it only");
    }
    return archived();
  }

  /** What a command printed and how long it took. */
  private record Ran(double ms, String output, Instant started, Instant ended) {}

  private Ran runbook(boolean cds, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    return exec(command, Map.of("RUNBOOK_JAR", jar.toString(), "JAVA_HOME", System.getProperty("java.home"),
        "RUNBOOK_CDS_DIR", work.resolve("cds").toString(), "RUNBOOK_CDS", cds ? "on" : "off"));
  }

  /** Runs {@code command}, which must succeed, and measures its wall time. */
  private Ran exec(List<String> command, Map<String, String> env) throws Exception {
    Path out = work.resolve("out.txt");
    ProcessBuilder b = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile());
    b.environment().putAll(env);
    Instant started = Instant.now();
    long start = System.nanoTime();
    int exit = b.start().waitFor();
    double ms = (System.nanoTime() - start) / 1e6;
    Instant ended = Instant.now();
    String output = Files.readString(out);
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ": " + output);
    }
    return new Ran(ms, output, started, ended);
  }

  private String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A class whose main does nothing, compiled into its own directory: the baseline's program. */
  private Path baselineClass() throws Exception {
    Path dir = Files.createDirectories(work.resolve("noop"));
    Path source = Files.writeString(dir.resolve("Noop.java"), "public class Noop { public static void main(String[] a) {} }");
    if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString()) != 0) {
      throw new IllegalStateException("javac failed on " + source);
    }
    return dir;
  }

  private Path secret(String name, String value) throws Exception {
    return Files.writeString(work.resolve(name), value);
  }

  private static String suffix(boolean cds) {
    return cds ? " cds" : "";
  }

  private void add(String name, double ms) {
    figures.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
  }

  private void report(int rounds, boolean archived) {
    double base = median(figures.get("baseline"));
    System.out.printf(Locale.ROOT, "(c) CLI start through deploy/bin/runbook, medians of %d rounds (backup: %d), "
        + "baseline = java -Xshare:auto -cp runbook.jar Noop: %.0f ms (min %.0f, max %.0f)%n", rounds,
        figures.get("backup wall").size(), base, min(figures.get("baseline")), max(figures.get("baseline")));
    for (String what : List.of("version", "history", "backup wall", "backup run", "backup over run", "  before run",
        "  after run")) {
      for (String s : archived ? List.of(" cds", "") : List.of("")) {
        List<Double> xs = figures.get(what + s);
        System.out.printf(Locale.ROOT, "  %-16s %-16s median %6.0f ms (min %6.0f, max %6.0f)  = %5.2f x baseline%n", what,
            s.isEmpty() ? "without archive" : "with archive", median(xs), min(xs), max(xs), median(xs) / base);
      }
    }
    System.out.println("  goals: --version and history <= 400 ms; backup over run <= 500 ms");
  }
}
