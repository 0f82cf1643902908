package dev.runbook.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@link Main#run} and keeps what it printed. */
record Cli(int exit, String out, String err) {
  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** Both streams, for messages that may go to either. */
  String all() {
    return out + err;
  }
}
