package dev.runbook.activities.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Drains a stream on its own thread, keeping the last 64 KiB. */
final class OutputBuffer {
  static final int LIMIT = 64 * 1024;

  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final Thread reader;
  private boolean truncated;

  OutputBuffer(InputStream in, String name) {
    reader = new Thread(() -> drain(in), name);
    reader.setDaemon(true);
    reader.start();
  }

  private void drain(InputStream in) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (this) {
          kept.write(buf, 0, n);
          if (kept.size() > 2 * LIMIT) {
            byte[] all = kept.toByteArray();
            kept.reset();
            kept.write(all, all.length - LIMIT, LIMIT);
            truncated = true;
          }
        }
      }
    } catch (IOException e) {
      // The process ended or the channel closed: keep what arrived.
    }
  }

  /** What was read, after waiting up to {@code millis} for the stream's end. */
  String text(long millis) {
    try {
      reader.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      byte[] all = kept.toByteArray();
      int from = Math.max(0, all.length - LIMIT);
      String s = new String(all, from, all.length - from, StandardCharsets.UTF_8);
      return truncated || from > 0 ? "[...]" + s : s;
    }
  }
}
