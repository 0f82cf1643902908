package dev.runbook.activities.exec;

import dev.runbook.activities.config.SshConfig;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.userauth.UserAuthException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on a host over one SSH connection (sshj): key authentication, strict host-key
 * verification against the configured known_hosts file, {@code sudo -n} for privileged commands
 * where configured, a timeout per command after which the remote command is killed. Secret
 * environment values travel on the command's stdin, never on its command line.
 */
public final class SshShell implements HostShell {
  private static final Logger log = LoggerFactory.getLogger(SshShell.class);
  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private final String label;
  private final SSHClient client;
  private final boolean sudo;

  private SshShell(String label, SSHClient client, boolean sudo) {
    this.label = label;
    this.client = client;
    this.sudo = sudo;
  }

  /**
   * Connects and authenticates.
   *
   * @throws ExecException {@code HostUnreachable} (retryable) when the host does not answer;
   *     {@code HostKeyRejected} or {@code SshAuthFailed} (not retryable) naming the host and the reason
   */
  public static SshShell connect(String hostName, SshConfig ssh, boolean sudo) {
    String label = "host " + hostName + " (" + ssh.user() + "@" + ssh.address() + ":" + ssh.port() + ")";
    StrictKnownHosts knownHosts;
    try {
      knownHosts = new StrictKnownHosts(new File(ssh.knownHostsFile()));
    } catch (IOException e) {
      throw new ExecException(ExecException.HOST_KEY_REJECTED, label + ": known_hosts file " + ssh.knownHostsFile()
          + " cannot be read: " + e.getMessage(), e);
    }
    SSHClient client = new SSHClient(new DefaultConfig());
    client.addHostKeyVerifier(knownHosts);
    client.setConnectTimeout(CONNECT_TIMEOUT_MS);
    try {
      client.connect(ssh.address(), ssh.port());
    } catch (IOException e) {
      closeQuietly(client);
      if (knownHosts.rejection() != null) {
        throw new ExecException(ExecException.HOST_KEY_REJECTED, label + ": " + knownHosts.rejection(), e);
      }
      throw new ExecException(ExecException.HOST_UNREACHABLE, label + " does not answer: " + reason(e), e);
    }
    try {
      client.getConnection().getKeepAlive().setKeepAliveInterval(15);
      client.authPublickey(ssh.user(), client.loadKeys(ssh.keyFile()));
    } catch (UserAuthException e) {
      closeQuietly(client);
      throw new ExecException(ExecException.SSH_AUTH_FAILED, label + " refused the key " + ssh.keyFile(), e);
    } catch (IOException e) {
      closeQuietly(client);
      if (!client.isConnected()) {
        throw new ExecException(ExecException.HOST_UNREACHABLE, label + " dropped the connection: " + reason(e), e);
      }
      throw new ExecException(ExecException.SSH_AUTH_FAILED, label + ": key file " + ssh.keyFile()
          + " cannot be used: " + reason(e), e);
    }
    return new SshShell(label, client, sudo);
  }

  @Override
  public CommandResult run(Command command, Runnable tick) {
    String line = remoteLine(command, sudo);
    log.info("{}: running {}", label, command.display());
    long start = System.nanoTime();
    try (Session session = client.startSession()) {
      Session.Command c = session.exec(line);
      OutputStream stdin = c.getOutputStream();
      for (String value : command.secretEnv().values()) {
        // Base64: one line whatever the value holds, so a line of a secret never reaches the watchdog's read.
        stdin.write((Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      stdin.flush();
      OutputBuffer out = new OutputBuffer(c.getInputStream(), "ssh-stdout");
      OutputBuffer err = new OutputBuffer(c.getErrorStream(), "ssh-stderr");
      long deadline = start + command.timeout().toNanos();
      long nextTick = System.nanoTime() + 1_000_000_000L;
      while (c.isOpen()) {
        if (System.nanoTime() > deadline) {
          kill(c, stdin);
          throw new ExecException(ExecException.COMMAND_TIMED_OUT, label + ": " + command.display()
              + " did not finish within " + command.timeout().toSeconds() + " s and was killed", null);
        }
        if (System.nanoTime() > nextTick) {
          try {
            tick.run();
          } catch (RuntimeException e) {
            kill(c, stdin);
            throw e;
          }
          nextTick = System.nanoTime() + 1_000_000_000L;
        }
        Thread.sleep(50);
      }
      Integer status = c.getExitStatus();
      if (status == null && c.getExitSignal() == null) {
        // The channel closed without an exit: the connection dropped, the command's outcome is unknown.
        throw new ExecException(ExecException.HOST_UNREACHABLE, label + ": connection lost while running "
            + command.argv().get(0) + " (no exit status)", null);
      }
      int exit = status != null ? status : 128 + signalNumber(c.getExitSignal());
      long end = System.nanoTime();
      CommandTimes.ran(start, end);
      Duration took = Duration.ofNanos(end - start);
      log.info("{}: {} exited {} after {} ms", label, command.argv().get(0), exit, took.toMillis());
      return new CommandResult(exit, Shell.mask(out.text(2000), command.secretEnv()),
          Shell.mask(err.text(2000), command.secretEnv()), took);
    } catch (IOException e) {
      throw new ExecException(ExecException.HOST_UNREACHABLE, label + ": connection lost while running "
          + command.argv().get(0) + ": " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExecException(ExecException.COMMAND_TIMED_OUT, label + ": interrupted", e);
    }
  }

  /**
   * Runs a command under {@link Shell#WATCHDOG} on the remote side (OpenSSH does not deliver signal
   * requests in every configuration): we kill it by writing a line, and a dropped connection kills
   * it too. Secret values arrive first on stdin, base64-encoded one per line, and are decoded
   * (coreutils' {@code base64}) into the command's environment; a value that does not decode stops
   * the command with exit 125 before it runs.
   */
  static String remoteLine(Command command, boolean sudo) {
    List<String> argv = new ArrayList<>();
    if (!command.env().isEmpty()) {
      argv.add("env");
      command.env().forEach((k, v) -> argv.add(k + "=" + v));
    }
    argv.addAll(Shell.argv(command, sudo));
    StringBuilder script = new StringBuilder();
    for (String name : command.secretEnv().keySet()) {
      // The trailing x keeps the value's own trailing newlines from the command substitution.
      script.append("IFS= read -r ").append(name).append(" && ").append(name).append("=$(printf %s \"$").append(name)
          .append("\" | base64 -d && echo x) && case $").append(name).append(" in *x) ;; *) exit 125;; esac && ")
          .append(name).append("=${").append(name).append("%x} && export ").append(name).append(" && ");
    }
    script.append(Shell.WATCHDOG);
    return "exec sh -c " + Shell.quote(script.toString()) + " runbook "
        + String.join(" ", argv.stream().map(Shell::quote).toList());
  }

  private static void kill(Session.Command c, OutputStream stdin) throws InterruptedException {
    try {
      stdin.write("kill\n".getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      // The channel is gone: the watcher saw stdin close and kills the command itself.
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (c.isOpen() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static int signalNumber(Signal s) {
    return switch (s) {
      case HUP -> 1;
      case INT -> 2;
      case KILL -> 9;
      case TERM -> 15;
      default -> 9;
    };
  }

  @Override
  public String describe() {
    CommandResult r = run(Command.of(Duration.ofSeconds(10), "sh", "-c", "echo \"$(hostname) as $(id -un)\""), () -> { });
    return r.ok() ? r.stdout().strip() : label;
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static void closeQuietly(SSHClient client) {
    try {
      client.close();
    } catch (IOException e) {
      // Nothing to release.
    }
  }

  @Override
  public void close() {
    closeQuietly(client);
  }
}
