package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive of the start script ({@code deploy/bin/runbook}, which {@code ./runbook} runs
 * too): made by a training run in the background, used afterwards, and never the reason a command fails or
 * prints something else, whether the archive is stale, damaged or being made by two first runs at once. The
 * jar is a small one built here (a main that echoes its arguments, and a training class where the script
 * expects it), so that a training run takes a second, not the product's half minute; the script does the
 * same with either.
 */
class LauncherArchiveTest {
  private static final String TRAINING = "dev.runbook.cli.internal.CdsTraining";

  @TempDir
  Path dir;
  Path jar;
  Path cache;

  @BeforeEach
  void buildJar() throws Exception {
    jar = jar("echo");
    cache = dir.resolve("cache");
  }

  @Test
  void theFirstRunTrainsTheArchiveInTheBackgroundAndLaterRunsMapTheirClassesFromIt() throws Exception {
    Result first = runbook(Map.of(), "a", "b c");
    assertPrinted(first, "echo [a] [b c]\n");
    Path archive = awaitArchive();
    assertThat(archive.getFileName().toString()).as("named after the jar and its path, keyed to it and the JVM, with its size")
        .matches("runbook-\\d+-" + Files.size(jar) + "-\\d+-\\d+-\\d+-" + Files.size(archive) + "\\.jsa");

    Result again = runbook(Map.of("RUNBOOK_JAVA_OPTS", "-Xlog:class+load=info -Dsuffix=!"), "x");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("Echo source: shared objects file").contains("\necho [x]!\n");
    assertThat(again.err()).isEmpty();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aNewJarGetsItsOwnArchiveAndTheStaleOneGoes() throws Exception {
    runbook(Map.of(), "a");
    Path old = awaitArchive();
    Thread.sleep(1100); // a modification time in another second
    jar = jar("changed");
    Result r = runbook(Map.of("RUNBOOK_JAVA_OPTS", "-Xlog:class+load=info"), "a");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\nchanged [a]\n").doesNotContain("Echo source: shared objects file");
    assertThat(r.err()).isEmpty();
    Path fresh = awaitArchive(old);
    assertThat(fresh).isNotEqualTo(old);
    awaitGone(old);
    assertMapsFromTheArchive("changed", "b");
  }

  @Test
  void twoInstallationsSharingACacheKeepAnArchiveEach() throws Exception {
    Path other = Files.copy(jar, Files.createDirectories(dir.resolve("opt")).resolve("runbook.jar"));
    runbook(Map.of(), "a");
    Path mine = awaitArchive();
    assertPrinted(runbook(Map.of("RUNBOOK_JAR", other.toString()), "b"), "echo [b]\n");
    Path theirs = awaitArchive(mine);
    awaitNoLeftovers();
    assertThat(mine).exists();
    assertMapsFromTheArchive("echo", "c");
    Result r = runbook(Map.of("RUNBOOK_JAR", other.toString(), "RUNBOOK_JAVA_OPTS", "-Xlog:class+load=info"), "d");
    assertThat(r.out()).contains("Echo source: shared objects file").contains("\necho [d]\n");
    assertThat(List.of(mine, theirs)).allMatch(Files::exists);
  }

  @Test
  void aTruncatedArchiveIsRemovedAndMadeAgainWithoutTheCommandNoticing() throws Exception {
    runbook(Map.of(), "a");
    Path archive = awaitArchive();
    try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
      f.setLength(f.length() / 2); // a JVM mapping this would die of SIGBUS
    }
    Result r = runbook(Map.of(), "still", "works");
    assertPrinted(r, "echo [still] [works]\n");
    Path remade = awaitArchive();
    assertThat(remade.getFileName().toString()).endsWith("-" + Files.size(remade) + ".jsa");
    assertMapsFromTheArchive("echo", "ok");
  }

  @Test
  void anArchiveWithDamagedContentIsIgnoredSilently() throws Exception {
    runbook(Map.of(), "a");
    Path archive = awaitArchive();
    archive.toFile().setWritable(true);
    try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
      for (long at = 8192; at < f.length(); at += 4096) { // the header stays; the checksums no longer match
        f.seek(at);
        f.write(0x5a);
      }
    }
    Result r = runbook(Map.of("RUNBOOK_JAVA_OPTS", "-Xlog:class+load=info"), "fine");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\necho [fine]\n").doesNotContain("Echo source: shared objects file");
    assertThat(r.err()).isEmpty();

    Files.write(archive, new byte[(int) Files.size(archive)]); // zeros of the same size: no archive at all
    Result zeros = runbook(Map.of(), "fine");
    assertPrinted(zeros, "echo [fine]\n");
  }

  @Test
  void concurrentFirstRunsAllSucceedAndLeaveOneWholeArchive() throws Exception {
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      runs.add(start(Map.of(), "run" + i));
    }
    for (int i = 0; i < runs.size(); i++) {
      assertPrinted(result(runs.get(i)), "echo [run" + i + "]\n");
    }
    awaitArchive();
    awaitNoLeftovers();
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files.filter(p -> p.toString().endsWith(".jsa"))).hasSize(1);
    }
    assertMapsFromTheArchive("echo", "z");
  }

  @Test
  void offMeansNoArchive() throws Exception {
    assertPrinted(runbook(Map.of("RUNBOOK_CDS", "off"), "a"), "echo [a]\n");
    Thread.sleep(3000); // a training run, had one started, would have made its lock file by now
    assertThat(cache).doesNotExist();
  }

  /** The command succeeded, printed {@code out} and nothing on stderr (no JVM warning about an archive). */
  private static void assertPrinted(Result r, String out) {
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(out);
    assertThat(r.err()).isEmpty();
  }

  /** A command run now maps the jar's main class from the archive and still prints what it should. */
  private void assertMapsFromTheArchive(String word, String arg) throws Exception {
    Result r = runbook(Map.of("RUNBOOK_JAVA_OPTS", "-Xlog:class+load=info"), arg);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Echo source: shared objects file").contains("\n" + word + " [" + arg + "]\n");
    assertThat(r.err()).isEmpty();
  }

  // --- the jar, the script and the cache

  /** A jar whose main prints {@code word} and its arguments, with a training class that loads it. */
  private Path jar(String word) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src-" + word));
    Path classes = Files.createDirectories(dir.resolve("classes-" + word));
    Path echo = Files.writeString(src.resolve("Echo.java"), """
        public class Echo {
          public static void main(String[] args) {
            StringBuilder b = new StringBuilder("%s");
            for (String a : args) b.append(" [").append(a).append(']');
            System.out.println(b + System.getProperty("suffix", ""));
          }
        }""".formatted(word));
    // The class the script trains with; Echo is in the unnamed package, which it reaches by reflection.
    Path training = Files.writeString(Files.createDirectories(src.resolve("dev/runbook/cli/internal")).resolve("CdsTraining.java"), """
        package dev.runbook.cli.internal;
        public final class CdsTraining {
          public static void main(String[] args) throws Exception {
            Class.forName("Echo").getMethod("main", String[].class).invoke(null, (Object) new String[] {"training"});
          }
        }""");
    int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), echo.toString(),
        training.toString());
    assertThat(javac).isZero();
    Path out = dir.resolve("runbook.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Echo");
    try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(out), manifest)) {
      add(j, classes, classes.resolve("Echo.class"));
      add(j, classes, classes.resolve("dev/runbook/cli/internal/CdsTraining.class"));
    }
    return out;
  }

  private static void add(JarOutputStream j, Path root, Path file) throws IOException {
    j.putNextEntry(new JarEntry(root.relativize(file).toString()));
    j.write(Files.readAllBytes(file));
    j.closeEntry();
  }

  private record Result(int exit, String out, String err) {}

  private Process start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(SystemdUnitsTest.START_SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> e = new HashMap<>(Map.of("RUNBOOK_JAR", jar.toString(), "RUNBOOK_CDS_DIR", cache.toString(),
        "JAVA_HOME", System.getProperty("java.home")));
    e.putAll(env);
    b.environment().remove("RUNBOOK_JAVA_OPTS");
    b.environment().putAll(e);
    return b.start();
  }

  private static Result result(Process p) throws Exception {
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out, err);
  }

  private Result runbook(Map<String, String> env, String... args) throws Exception {
    return result(start(env, args));
  }

  /** The archive the background training run made; generous: the build machine may be busy. */
  private Path awaitArchive(Path... not) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(cache)) {
        try (Stream<Path> files = Files.list(cache)) {
          Path found = files.filter(p -> p.toString().endsWith(".jsa") && !List.of(not).contains(p)).findFirst().orElse(null);
          if (found != null) {
            return found;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no archive in " + cache + " after 3 minutes");
  }

  private void awaitGone(Path p) throws Exception {
    for (int i = 0; i < 300 && Files.exists(p); i++) {
      Thread.sleep(100);
    }
    assertThat(p).doesNotExist();
  }

  /** Temporary files of training runs that are still going or were cut short. */
  private List<Path> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(p -> p.toString().contains(".tmp")).toList();
    }
  }

  private void awaitNoLeftovers() throws Exception {
    for (int i = 0; i < 300 && !leftovers().isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertThat(leftovers()).isEmpty();
  }
}
