package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus: every file in {@code src/test/resources/bad-input/} is one case (see its README),
 * run in-process through {@link Main#run}. Each must end with its exit code (2 unless it says otherwise),
 * name the path, line or option at fault, print no stack trace, and change nothing: no file in the case's
 * directory is created, changed or removed, and the catalog it names is never created.
 */
class BadInputTest {
  private static final Path CASES = casesDirectory();
  /** Hang protection only (a FIFO once blocked forever); a case normally takes well under a second. */
  private static final Duration HANG = Duration.ofMinutes(3);

  @TempDir
  Path root;

  @Test
  void theBaseConfigurationIsValid() throws IOException {
    Path dir = Files.createDirectories(root.resolve("base"));
    Path config = BadInputCase.writeBase(CASES, dir);
    Cli r = Cli.run("config", "validate", "-c", config.toString());
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).doesNotContain("warning");
  }

  @TestFactory
  Stream<DynamicTest> everyCaseIsRefusedClearlyAndChangesNothing() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(CASES)) {
      files = s.filter(p -> p.toString().endsWith(".case")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(40);
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(BadInputCase.read(f))));
  }

  private void run(BadInputCase c) throws IOException {
    Path dir = Files.createDirectories(root.resolve(c.name()));
    String[] args = c.prepare(CASES, dir);
    Map<String, String> before = snapshot(dir);
    Cli r = assertTimeoutPreemptively(HANG, () -> Cli.run(args));
    String all = r.all();
    assertThat(r.exit()).as(c.name() + ": " + all).isEqualTo(c.exit());
    for (String fragment : c.expect()) {
      assertThat(all).as(c.name()).contains(fragment);
    }
    for (String fragment : c.forbid()) {
      assertThat(all).as(c.name() + " must not print it").doesNotContain(fragment);
    }
    assertThat(all).as(c.name() + ": no stack trace").doesNotContain("Exception", "\tat ", "Caused by");
    assertThat(snapshot(dir)).as(c.name() + ": nothing changed").isEqualTo(before);
    assertThat(dir.resolve("catalog.db")).as(c.name() + ": no catalog created").doesNotExist();
  }

  /** Every file under {@code dir} with its size and modification time; FIFOs and directories by name. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        files.put(dir.relativize(p).toString(), Files.isRegularFile(p)
            ? Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() : Files.isDirectory(p) ? "dir" : "other");
      }
    }
    return files;
  }

  private static Path casesDirectory() {
    try {
      return Path.of(BadInputTest.class.getResource("/bad-input").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One case file: {@code key: value} lines, then optionally {@code --- append} (YAML added to the base)
   * or {@code --- runbook.yaml [latin-1]} (the whole configuration).
   */
  record BadInputCase(String name, List<String> args, int exit, List<String> expect, List<String> forbid,
                      List<String[]> edits, String append, String whole, boolean latin1) {
    static BadInputCase read(Path file) throws IOException {
      List<String> args = new ArrayList<>();
      List<String> expect = new ArrayList<>();
      List<String> forbid = new ArrayList<>();
      List<String[]> edits = new ArrayList<>();
      int exit = ExitCode.INVALID_INPUT;
      String append = null;
      String whole = null;
      boolean latin1 = false;
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.startsWith("---")) {
          String body = String.join("\n", lines.subList(i + 1, lines.size())) + "\n";
          if (line.startsWith("--- append")) {
            append = body;
          } else {
            whole = body.isBlank() ? "" : body;
            latin1 = line.contains("latin-1");
          }
          break;
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(':');
        String key = line.substring(0, colon);
        String value = line.substring(colon + 1).strip();
        switch (key) {
          case "args" -> args.addAll(split(value));
          case "exit" -> exit = Integer.parseInt(value);
          case "expect" -> expect.add(value);
          case "forbid" -> forbid.add(value);
          case "edit" -> edits.add(value.replace("\\n", "\n").split(" => ", 2));
          default -> throw new IllegalArgumentException(file + ": unknown key " + key);
        }
      }
      String name = file.getFileName().toString().replace(".case", "");
      return new BadInputCase(name, args, exit, expect, forbid, edits, append, whole, latin1);
    }

    /** Writes the case's files into {@code dir} and returns its arguments with the placeholders filled in. */
    String[] prepare(Path cases, Path dir) throws IOException {
      Files.writeString(dir.resolve("bb-password"), "not-used\n");
      Files.writeString(dir.resolve("db-password"), "not-used\n");
      Path config = dir.resolve("runbook.yaml");
      if (whole != null) {
        Files.write(config, fill(whole, dir).getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
      } else {
        String text = Files.readString(cases.resolve("_base.yaml")) + (append == null ? "" : append);
        for (String[] edit : edits) {
          assertThat(text).as(name + ": the text to edit").contains(edit[0]);
          text = text.replace(edit[0], edit[1]);
        }
        Files.writeString(config, fill(text, dir));
      }
      List<String> filled = new ArrayList<>();
      for (String a : args) {
        filled.add(fill(a, dir));
      }
      return filled.toArray(String[]::new);
    }

    /** Replaces the placeholders in {@code text}, writing the files they name on first use. */
    private static String fill(String text, Path dir) throws IOException {
      if (text.contains("{fifo}") && !Files.exists(dir.resolve("fifo"))) {
        mkfifo(dir.resolve("fifo"));
      }
      if (text.contains("{big}") && !Files.exists(dir.resolve("big.yaml"))) {
        big(dir.resolve("big.yaml"));
      }
      if (text.contains("{longline}") && !Files.exists(dir.resolve("long.yaml"))) {
        Files.writeString(dir.resolve("long.yaml"), "hosts:\n  - name: files\n# " + "x".repeat(100_000) + "\n");
      }
      return text.replace("{config}", dir.resolve("runbook.yaml").toString())
          .replace("{catalog}", dir.resolve("catalog.db").toString()).replace("{fifo}", dir.resolve("fifo").toString())
          .replace("{big}", dir.resolve("big.yaml").toString()).replace("{longline}", dir.resolve("long.yaml").toString())
          .replace("{dir}", dir.toString());
    }

    /** Writes the base configuration alone (and its secret files) into {@code dir}. */
    static Path writeBase(Path cases, Path dir) throws IOException {
      new BadInputCase("base", List.of(), 0, List.of(), List.of(), List.of(), null, null, false).prepare(cases, dir);
      return dir.resolve("runbook.yaml");
    }

    /** A 50 MB configuration: once parsed for over 90 s. */
    private static void big(Path file) throws IOException {
      byte[] line = ("# " + "z".repeat(1021) + "\n").getBytes(StandardCharsets.UTF_8);
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write("hosts:\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 50 * 1024; i++) {
          out.write(line);
        }
      }
    }

    private static void mkfifo(Path fifo) throws IOException {
      try {
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(p.waitFor()).as("mkfifo").isZero();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    /** Splits like a shell: spaces separate, '...' and "..." quote (so '' is an empty argument). */
    static List<String> split(String line) {
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      boolean inWord = false;
      char quote = 0;
      for (char ch : line.toCharArray()) {
        if (quote != 0) {
          if (ch == quote) {
            quote = 0;
          } else {
            cur.append(ch);
          }
        } else if (ch == '\'' || ch == '"') {
          quote = ch;
          inWord = true;
        } else if (ch == ' ') {
          if (inWord) {
            out.add(cur.toString());
            cur.setLength(0);
            inWord = false;
          }
        } else {
          cur.append(ch);
          inWord = true;
        }
      }
      if (inWord) {
        out.add(cur.toString());
      }
      return out;
    }
  }
}
