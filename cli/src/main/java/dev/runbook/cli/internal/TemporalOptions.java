package dev.runbook.cli.internal;

import dev.runbook.cli.ExitCode;
import dev.runbook.worker.TemporalTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the Temporal server is: options shared by every command that talks to Temporal. */
public final class TemporalOptions {
  @Option(names = "--temporal-target", paramLabel = "HOST:PORT",
      description = "Temporal frontend to use (default: 127.0.0.1:7233, where `runbook up` and `runbook server` listen).")
  String target;

  @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "default",
      description = "Temporal namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--tls", description = "Connect with TLS, trusting the system's certificate authorities "
      + "(implied by the other --tls-* options).")
  boolean tls;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Client certificate for mutual TLS (with --tls-key).")
  Path cert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "PKCS#8 private key of --tls-cert.")
  Path key;

  @Option(names = "--tls-ca", paramLabel = "PEM", description = "CA certificate(s) to trust for the server instead of the system's.")
  Path ca;

  @Option(names = "--tls-server-name", paramLabel = "NAME", description = "Name to verify in the server's certificate.")
  String serverName;

  /** True when --temporal-target was given. */
  public boolean explicit() {
    return target != null;
  }

  /** The target these options describe; invalid combinations are exit 2. */
  public TemporalTarget target() {
    if ((cert == null) != (key == null)) {
      throw new CliException(ExitCode.INVALID_INPUT, "--tls-cert and --tls-key go together");
    }
    for (Path p : new Path[] {cert, key, ca}) {
      if (p != null && !Files.isReadable(p)) {
        throw new CliException(ExitCode.INVALID_INPUT, p + ": file not found or not readable");
      }
    }
    boolean useTls = tls || cert != null || ca != null || serverName != null;
    return new TemporalTarget(target, namespace, useTls ? new TemporalTarget.Tls(cert, key, ca, serverName) : null);
  }
}
