package dev.runbook.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files the end-to-end tests write: secrets only their owner reads, and operator scripts. */
final class TestFiles {
  private TestFiles() {}

  /** Writes {@code content} to {@code dir/name}, readable by its owner only, as a secret file must be. */
  static Path secret(Path dir, String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  /** Writes an executable {@code sh} script that stops at the first failing command. */
  static Path script(Path dir, String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\nset -e\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  /** {@code args} followed by the configuration and Temporal target options every command takes. */
  static String[] withConfig(Path config, String target, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(new String[] {"-c", config.toString(), "--temporal-target", target}, 0, all, args.length, 4);
    return all;
  }
}
