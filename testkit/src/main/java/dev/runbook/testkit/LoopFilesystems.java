package dev.runbook.testkit;

import dev.runbook.testkit.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Real filesystems on loop devices for one test class: btrfs images, ext4 images (for example on a
 * btrfs filesystem, so a reflink copy of the image is an external block snapshot), and tmpfs.
 * {@link #close()} thaws, unmounts (loop devices detach with it) and deletes everything, in reverse
 * order, also after a failed test; a JVM shutdown hook does the same if close is never reached.
 * Needs root, mkfs.btrfs and mkfs.ext4: {@link #unavailableBecause()} says what is missing.
 */
public final class LoopFilesystems implements AutoCloseable {
  private final Path dir;
  private final Deque<Path> mounts = new ArrayDeque<>();
  private final Deque<String> devices = new ArrayDeque<>();
  private final Thread hook = new Thread(this::cleanUp, "loop-filesystems-cleanup");
  private boolean closed;

  private LoopFilesystems(Path dir) {
    this.dir = dir;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Why loop filesystems cannot be made here, or null when they can. */
  public static String unavailableBecause() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "loop devices, mount and fsfreeze need root";
    }
    for (String tool : List.of("/usr/sbin/mkfs.btrfs", "/usr/sbin/mkfs.ext4", "/usr/sbin/fsfreeze", "/usr/bin/btrfs")) {
      if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr", "")))) {
        return tool + " is missing (apt-get install btrfs-progs e2fsprogs util-linux)";
      }
    }
    return null;
  }

  /** A scratch directory for images and mount points. */
  public static LoopFilesystems create() {
    try {
      return new LoopFilesystems(Files.createTempDirectory("runbook-fs-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scratch directory. */
  public Path dir() {
    return dir;
  }

  /** A fresh btrfs filesystem of {@code megabytes} mounted at {@code dir/name}. */
  public Path btrfs(String name, int megabytes) {
    Path image = dir.resolve(name + ".img");
    run("truncate", "-s", megabytes + "M", image.toString());
    run("mkfs.btrfs", "-q", image.toString());
    return mount(image, dir.resolve(name), "loop");
  }

  /** A fresh ext4 filesystem in the image file {@code image} (created), mounted at {@code dir/name}. */
  public Path ext4(Path image, String name, int megabytes) {
    run("truncate", "-s", megabytes + "M", image.toString());
    run("mkfs.ext4", "-q", "-F", image.toString());
    return mount(image, dir.resolve(name), "loop");
  }

  /** An ext4 image mounted read-only at {@code dir/name} without replaying its journal (a crash-consistent copy). */
  public Path mountCopy(Path image, String name) {
    return mount(image, dir.resolve(name), "loop,ro,noload");
  }

  /**
   * A loop device over the image file {@code image} (not mounted): a stand-in for an attached block
   * volume. Detached by {@link #close()} after the unmounts.
   */
  public Path loopDevice(Path image) {
    try {
      String device = Processes.run(List.of("losetup", "--find", "--show", image.toString()), dir, Map.of()).strip();
      devices.push(device);
      return Path.of(device);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh ext4 filesystem in the image file {@code image} (created), not mounted. */
  public Path ext4Image(Path image, int megabytes) {
    run("truncate", "-s", megabytes + "M", image.toString());
    run("mkfs.ext4", "-q", "-F", image.toString());
    return image;
  }

  /** Mounts the block device {@code device} at {@code target} (created); unmounted by {@link #close()} if still mounted. */
  public Path mountDevice(Path device, Path target) {
    mkdir(target);
    run("mount", device.toString(), target.toString());
    mounts.push(target);
    return target;
  }

  /** A tmpfs at {@code dir/name} (fsfreeze refuses it). */
  public Path tmpfs(String name) {
    Path target = dir.resolve(name);
    mkdir(target);
    run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", target.toString());
    mounts.push(target);
    return target;
  }

  /** True when a write to {@code mount} completes within {@code millis}: the filesystem is not frozen. */
  public static boolean writable(Path mount, long millis) {
    java.util.concurrent.CompletableFuture<Void> write = java.util.concurrent.CompletableFuture.runAsync(() -> {
      try {
        Files.writeString(mount.resolve("probe-" + System.nanoTime()), "x");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      write.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Creates a btrfs subvolume at {@code path}. */
  public Path subvolume(Path path) {
    run("btrfs", "subvolume", "create", path.toString());
    return path;
  }

  /** Unmounts one mount made here. */
  public void unmount(Path mount) {
    run("umount", mount.toString());
    mounts.remove(mount);
  }

  /** Forgets a mount that was unmounted elsewhere (by the code under test). */
  public void forget(Path mount) {
    mounts.remove(mount);
  }

  private Path mount(Path image, Path target, String options) {
    mkdir(target);
    run("mount", "-o", options, image.toString(), target.toString());
    mounts.push(target);
    return target;
  }

  private static void mkdir(Path p) {
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void run(String... command) {
    try {
      Processes.run(List.of(command), dir, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void cleanUp() {
    if (closed) {
      return;
    }
    closed = true;
    while (!mounts.isEmpty()) {
      Path m = mounts.pop();
      quietly("fsfreeze", "--unfreeze", m.toString());
      quietly("umount", m.toString());
      if (Files.exists(m)) {
        quietly("umount", "-l", m.toString());
      }
    }
    while (!devices.isEmpty()) {
      quietly("losetup", "-d", devices.pop());
    }
    Processes.deleteTree(dir);
  }

  private void quietly(String... command) {
    try {
      Processes.run(List.of(command), Path.of("/"), Map.of());
    } catch (IOException e) {
      // Not mounted or not frozen: nothing to undo.
    }
  }

  @Override
  public void close() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutting down: the hook runs.
    }
  }
}
