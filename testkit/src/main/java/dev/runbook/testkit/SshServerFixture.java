package dev.runbook.testkit;

import dev.runbook.testkit.internal.Ports;
import dev.runbook.testkit.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd}, Debian {@code openssh-server}) on 127.0.0.1 at a
 * random port, with its own host key and authorized_keys in a temporary directory; key
 * authentication only. It logs in as the user running the tests. {@link #stop()} and
 * {@link #start()} take it down and bring it back on the same port.
 */
public final class SshServerFixture implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process sshd;

  private SshServerFixture(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Generates keys and starts sshd. */
  public static SshServerFixture create() {
    Path sshdBinary = Path.of("/usr/sbin/sshd");
    if (!Files.isExecutable(sshdBinary)) {
      throw new IllegalStateException("OpenSSH server not found at /usr/sbin/sshd: apt-get install openssh-server");
    }
    try {
      Path dir = Files.createTempDirectory("runbook-sshd-");
      SshServerFixture f = new SshServerFixture(dir, Ports.free());
      f.keygen("ssh_host_ed25519_key");
      f.keygen("client_key");
      f.keygen("other_client_key");
      f.keygen("other_host_key");
      Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
      Files.writeString(dir.resolve("known_hosts"), f.knownHostsLine("ssh_host_ed25519_key.pub"));
      Files.writeString(dir.resolve("known_hosts_changed"), f.knownHostsLine("other_host_key.pub"));
      Files.writeString(dir.resolve("known_hosts_empty"), "");
      Files.writeString(dir.resolve("sshd_config"), String.join("\n",
          "ListenAddress 127.0.0.1",
          "Port " + f.port,
          "HostKey " + dir.resolve("ssh_host_ed25519_key"),
          "PidFile " + dir.resolve("sshd.pid"),
          "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
          "PubkeyAuthentication yes",
          "PasswordAuthentication no",
          "KbdInteractiveAuthentication no",
          "UsePAM no",
          "StrictModes no",
          "PermitRootLogin prohibit-password",
          "LogLevel VERBOSE",
          ""));
      f.start();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException("could not set up the SSH server fixture", e);
    }
  }

  /** Starts (or restarts) sshd on the fixture's port and waits until it accepts connections. */
  public synchronized void start() {
    if (sshd != null && sshd.isAlive()) {
      return;
    }
    try {
      if ("root".equals(System.getProperty("user.name"))) {
        // sshd running as root wants its privilege-separation directory.
        Files.createDirectories(Path.of("/run/sshd"));
      }
      sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
          .start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!Ports.accepting(port)) {
        if (!sshd.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("sshd did not start: " + Processes.tail(Files.readString(dir.resolve("sshd.log")), 10));
        }
        Thread.sleep(50);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops sshd and every session it serves; connections are then refused. */
  public synchronized void stop() {
    if (sshd != null) {
      sshd.descendants().forEach(ProcessHandle::destroyForcibly);
      sshd.destroyForcibly();
      try {
        sshd.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sshd = null;
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The login user: the one running the tests. */
  public String user() {
    return System.getProperty("user.name");
  }

  /** The private key sshd accepts. */
  public Path clientKey() {
    return dir.resolve("client_key");
  }

  /** A private key sshd does not accept. */
  public Path unauthorizedKey() {
    return dir.resolve("other_client_key");
  }

  /** A known_hosts file holding this server's host key. */
  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /** A known_hosts file holding another key for this server's address, as after a reinstall or an interception. */
  public Path changedKnownHosts() {
    return dir.resolve("known_hosts_changed");
  }

  /** An empty known_hosts file. */
  public Path emptyKnownHosts() {
    return dir.resolve("known_hosts_empty");
  }

  /** The host key's fingerprint as {@code ssh-keygen -l} prints it, for example {@code SHA256:...}. */
  public String hostKeyFingerprint() {
    try {
      String out = Processes.run(List.of("ssh-keygen", "-l", "-f", dir.resolve("ssh_host_ed25519_key.pub").toString()),
          dir, Map.of());
      return out.split("\\s+")[1];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A scratch directory the tests may use (deleted with the fixture). */
  public Path dir() {
    return dir;
  }

  private void keygen(String name) throws IOException {
    Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "runbook-test", "-f",
        dir.resolve(name).toString()), dir, Map.of());
  }

  private String knownHostsLine(String pubFile) throws IOException {
    String[] pub = Files.readString(dir.resolve(pubFile)).trim().split("\\s+");
    return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1] + "\n";
  }

  @Override
  public void close() {
    stop();
    Processes.deleteTree(dir);
  }
}
