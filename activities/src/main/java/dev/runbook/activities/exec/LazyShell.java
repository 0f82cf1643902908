package dev.runbook.activities.exec;

import java.util.function.Supplier;

/**
 * A {@link HostShell} opened on its first command, so a step whose provider runs no command on
 * the host (a cloud API provider) opens no SSH connection. Closes the shell only if it was opened.
 */
public final class LazyShell implements HostShell {
  private final Supplier<HostShell> open;
  private HostShell shell;

  public LazyShell(Supplier<HostShell> open) {
    this.open = open;
  }

  private HostShell shell() {
    if (shell == null) {
      shell = open.get();
    }
    return shell;
  }

  @Override
  public CommandResult run(Command command, Runnable tick) {
    return shell().run(command, tick);
  }

  @Override
  public String describe() {
    return shell().describe();
  }

  @Override
  public void close() {
    if (shell != null) {
      shell.close();
    }
  }
}
