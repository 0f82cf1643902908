package dev.runbook.activities.exec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs commands on this machine (host agents). */
public final class LocalShell implements HostShell {
  private static final Logger log = LoggerFactory.getLogger(LocalShell.class);

  private final boolean sudo;

  /** @param sudo prefix privileged commands with {@code sudo -n} */
  public LocalShell(boolean sudo) {
    this.sudo = sudo;
  }

  @Override
  public CommandResult run(Command command, Runnable tick) {
    List<String> argv = Shell.argv(command, sudo);
    List<String> guarded = new java.util.ArrayList<>(List.of("sh", "-c", Shell.WATCHDOG, "runbook"));
    guarded.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(guarded);
    pb.environment().putAll(command.env());
    pb.environment().putAll(command.secretEnv());
    log.info("running {}", command.display());
    long start = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      // As a shell would: 127, with the reason on stderr.
      return new CommandResult(127, "", "cannot run " + argv.get(0) + ": " + e.getMessage(), Duration.ZERO);
    }
    // stdin stays open: closing it (or this process dying) is the watchdog's signal to kill the command.
    java.io.OutputStream stdin = p.getOutputStream();
    OutputBuffer out = new OutputBuffer(p.getInputStream(), "stdout-" + p.pid());
    OutputBuffer err = new OutputBuffer(p.getErrorStream(), "stderr-" + p.pid());
    long deadline = start + command.timeout().toNanos();
    try {
      while (!p.waitFor(1, TimeUnit.SECONDS)) {
        if (System.nanoTime() > deadline) {
          kill(p, stdin);
          throw new ExecException(ExecException.COMMAND_TIMED_OUT, command.display() + " did not finish within "
              + command.timeout().toSeconds() + " s and was killed", null);
        }
        tick.run();
      }
    } catch (InterruptedException e) {
      kill(p, stdin);
      Thread.currentThread().interrupt();
      throw new ExecException(ExecException.COMMAND_TIMED_OUT, command.display() + " was interrupted and killed", e);
    } catch (RuntimeException e) {
      kill(p, stdin);
      throw e;
    }
    closeQuietly(stdin);
    long end = System.nanoTime();
    CommandTimes.ran(start, end);
    Duration took = Duration.ofNanos(end - start);
    CommandResult r = new CommandResult(p.exitValue(), Shell.mask(out.text(2000), command.secretEnv()),
        Shell.mask(err.text(2000), command.secretEnv()), took);
    log.info("{} exited {} after {} ms", argv.get(0), r.exitCode(), took.toMillis());
    return r;
  }

  private static void kill(Process p, java.io.OutputStream stdin) {
    // The watchdog kills the command's whole process group; force what is left after it had its chance.
    try {
      stdin.write("kill\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      stdin.flush();
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // Already gone.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(stdin);
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(java.io.OutputStream stdin) {
    try {
      stdin.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public String describe() {
    try {
      return InetAddress.getLocalHost().getHostName() + " as " + System.getProperty("user.name");
    } catch (UnknownHostException e) {
      return "unknown as " + System.getProperty("user.name");
    }
  }

  @Override
  public void close() {
    // Nothing held between commands.
  }
}
