package dev.runbook.activities.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a configuration file safely: only a regular file (never a device such as /dev/zero or a FIFO,
 * which would exhaust memory or block forever), at most {@link #MAX_BYTES}, and only as UTF-8.
 */
public final class ConfigFiles {
  /** The largest configuration file read: 1 MiB, a hundred times a large runbook.yaml. */
  public static final int MAX_BYTES = 1024 * 1024;
  /** The longest line read: 64 KiB. The YAML parser slows down on long lines, and no setting needs one. */
  public static final int MAX_LINE = 64 * 1024;

  private ConfigFiles() {}

  /** The file's text, or the reason it cannot be used, phrased with the fix. */
  public static Text read(Path file) {
    if (file.toString().isBlank()) {
      return Text.refused("no file named: give the path of runbook.yaml");
    }
    if (!Files.exists(file)) {
      return Text.refused("file not found" + (Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? " (a link to nothing)" : ""));
    }
    if (Files.isDirectory(file)) {
      return Text.refused("is a directory: give the path of the configuration file itself, for example " + file.resolve("runbook.yaml"));
    }
    if (!Files.isRegularFile(file)) {
      // Checked before opening: opening a FIFO blocks until a writer comes, a device may never end.
      return Text.refused("not a regular file (a device, FIFO or socket): give the path of runbook.yaml");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (AccessDeniedException e) {
      return Text.refused("cannot be read: permission denied; run as a user who may read it");
    } catch (IOException e) {
      return Text.refused("cannot be read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      return Text.refused("larger than 1 MiB: a runbook.yaml is a few KiB; check that this is the configuration file");
    }
    int longLine = lineLongerThan(bytes, MAX_LINE);
    if (longLine > 0) {
      return Text.refused("a line longer than 64 KiB: no setting needs one; check that this is the configuration file", longLine);
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      return new Text(Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text), "", 0);
    } catch (CharacterCodingException e) {
      return Text.refused("not UTF-8 text: save it as UTF-8 (iconv -f LATIN1 -t UTF-8)", lineOfFirstBadByte(bytes));
    }
  }

  /** The 1-based number of the first line longer than {@code max} bytes, or 0 when none is. */
  private static int lineLongerThan(byte[] bytes, int max) {
    int line = 1;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        start = i + 1;
      } else if (i - start >= max) {
        return line;
      }
    }
    return 0;
  }

  /** The 1-based line holding the first byte that is not UTF-8, or 0 when none is found. */
  private static int lineOfFirstBadByte(byte[] bytes) {
    int line = 1;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        ByteBuffer slice = ByteBuffer.wrap(bytes, start, i - start);
        try {
          StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(slice);
        } catch (CharacterCodingException e) {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return 0;
  }

  /**
   * What reading gave.
   *
   * @param text the file's text, empty when it was refused
   * @param refusal why it was refused, empty when it was read
   * @param line the line at fault, or 0
   */
  public record Text(Optional<String> text, String refusal, int line) {
    static Text refused(String why) {
      return refused(why, 0);
    }

    static Text refused(String why, int line) {
      return new Text(Optional.empty(), why, line);
    }
  }
}
