package dev.runbook.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <store>.lock}, held while this process serves the store. The kernel drops
 * it when the process dies, {@code kill -9} included, so a crash never leaves the store locked.
 */
final class StoreLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static StoreLock acquire(Path store) {
    Path file = store.toAbsolutePath().resolveSibling(store.getFileName() + ".lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // this JVM already serves the store
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new TemporalDevServer.AlreadyRunningException("a Temporal server already runs on the store " + store
            + (holder.isEmpty() ? "" : " (runbook process " + holder + ")") + ": use it (its workers are up; pass "
            + "--temporal-target to reach it elsewhere), or stop that `runbook up`/`runbook server` first");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
      return new StoreLock(channel, lock);
    } catch (IOException e) {
      throw new TemporalDevServer.StartFailedException("could not lock " + file + " (is its directory writable?): "
          + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock goes with the channel or the process anyway.
    }
  }
}
