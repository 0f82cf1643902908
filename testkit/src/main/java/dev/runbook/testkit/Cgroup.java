package dev.runbook.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A cgroup v2 directory for a test, standing in for a systemd unit's cgroup: processes are put in it,
 * and {@link #kill()} ends them all at once as systemd's {@code KillMode=control-group} does. Closing
 * it kills what is left and removes the directory; a directory that was never created is skipped.
 */
public final class Cgroup implements AutoCloseable {
  private final Path path;

  private Cgroup(Path path) {
    this.path = path;
  }

  /** Why test cgroups cannot be made here, or null when they can: root, a cgroup2 mount, {@code cgroup.kill}. */
  public static String unavailableBecause() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "moving processes between cgroups needs root";
    }
    Path root = mountPoint();
    if (root == null) {
      return "no cgroup v2 filesystem is mounted (/proc/self/mounts has no cgroup2)";
    }
    try (Cgroup probe = named("runbook-probe-" + UUID.randomUUID()).create()) {
      return Files.exists(probe.path.resolve("cgroup.kill")) ? null
          : "cgroup v2 at " + root + " has no cgroup.kill (Linux 5.14 or later needed)";
    } catch (RuntimeException e) {
      return "cgroup v2 at " + root + " is not writable: " + e.getMessage();
    }
  }

  /** A handle on {@code name} under the cgroup v2 mount; not created (a process under test may create it). */
  public static Cgroup named(String name) {
    Path root = mountPoint();
    if (root == null) {
      throw new IllegalStateException("no cgroup v2 filesystem is mounted");
    }
    return new Cgroup(root.resolve(name));
  }

  /** Creates the directory. */
  public Cgroup create() {
    try {
      Files.createDirectory(path);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path path() {
    return path;
  }

  /** The pids in this cgroup now (none when it does not exist). */
  public List<Long> pids() {
    try {
      return Files.exists(path) ? Files.readAllLines(path.resolve("cgroup.procs")).stream().map(Long::parseLong).toList()
          : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILLs every process in this cgroup and waits until it is empty (5 s at most). */
  public void kill() throws InterruptedException {
    if (!Files.exists(path)) {
      return;
    }
    try {
      Files.writeString(path.resolve("cgroup.kill"), "1");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.currentTimeMillis() + 5000;
    while (!pids().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    try {
      kill();
      if (Files.exists(path)) {
        Files.delete(path); // rmdir: a cgroup directory's files go with it
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where cgroup v2 is mounted: /sys/fs/cgroup on a unified layout, /sys/fs/cgroup/unified on a hybrid one. */
  private static Path mountPoint() {
    try {
      return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" "))
          .filter(f -> f.length > 2 && f[2].equals("cgroup2")).map(f -> Path.of(f[1])).findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    }
  }
}
