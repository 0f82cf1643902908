package dev.runbook.activities.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The control worker's configuration file, reloaded when it changes on disk so that an edit takes
 * effect for the next run without a restart. A file that becomes invalid fails the runs that read
 * it (with its problems) instead of being half-applied.
 */
public final class ConfigSource {
  private final Path file;
  private RunbookConfig cached;
  private FileTime cachedTime;

  public ConfigSource(Path file) {
    this.file = file.toAbsolutePath();
  }

  public Path file() {
    return file;
  }

  /** The current configuration; throws {@link ConfigException} when the file is missing or invalid. */
  public synchronized RunbookConfig current() {
    FileTime time = modified();
    if (cached == null || time == null || !time.equals(cachedTime)) {
      cached = ConfigLoader.load(file);
      cachedTime = time;
    }
    return cached;
  }

  /** The instance called {@code name}; throws {@link UnknownInstanceException} listing the known names. */
  public InstanceConfig instance(String name) {
    RunbookConfig config = current();
    Optional<InstanceConfig> found = config.instance(name);
    if (found.isEmpty()) {
      throw new UnknownInstanceException(file, name, config.instances().stream().map(InstanceConfig::name).toList());
    }
    return found.get();
  }

  /** The mirror called {@code name}; throws {@link UnknownMirrorException} listing the known names. */
  public MirrorConfig mirror(String name) {
    RunbookConfig config = current();
    return config.mirror(name).orElseThrow(() -> new UnknownMirrorException(file, name,
        config.mirrors().stream().map(MirrorConfig::name).toList()));
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  /** No instance has the requested name. */
  public static final class UnknownInstanceException extends RuntimeException {
    public UnknownInstanceException(Path file, String name, List<String> known) {
      super("no instance '" + name + "' in " + file + " (instances: " + known.stream().collect(Collectors.joining(", ")) + ")");
    }
  }

  /** No mirror has the requested name. */
  public static final class UnknownMirrorException extends RuntimeException {
    public UnknownMirrorException(Path file, String name, List<String> known) {
      super("no mirror '" + name + "' in " + file + (known.isEmpty() ? " (it configures no mirrors)"
          : " (mirrors: " + String.join(", ", known) + ")"));
    }
  }
}
