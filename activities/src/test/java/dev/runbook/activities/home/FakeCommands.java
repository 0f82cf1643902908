package dev.runbook.activities.home;

import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.HostShell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Base of the stateful command seams that stand in for tools this machine cannot run (ZFS, LVM). */
abstract class FakeCommands implements HostShell {
  /** Every command line run, in order. */
  final List<String> ran = new ArrayList<>();

  static CommandResult ok() {
    return result(0, "", "");
  }

  static CommandResult result(int exit, String out, String err) {
    return new CommandResult(exit, out, err, Duration.ZERO);
  }

  @Override
  public String describe() {
    return getClass().getSimpleName();
  }

  @Override
  public void close() {
  }
}
