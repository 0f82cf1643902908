package dev.runbook.cli;

import dev.runbook.activities.config.TemporalConfig;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.InputChecks;
import dev.runbook.cli.internal.Logging;
import dev.runbook.cli.internal.ServerOptions;
import dev.runbook.cli.internal.Services;
import dev.runbook.worker.TemporalDevServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook server}: Temporal's own server on 127.0.0.1, supervised, until stopped. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = {"Run Temporal's server (`temporal server start-dev`: a SQLite store, Schedules, the Web UI) on "
        + "127.0.0.1 only, with runbook's search attributes and the namespace's retention set, until stopped (Ctrl-C).",
        "Runs survive restarts: they are kept in the store. If the server dies it is started again. "
        + "Temporal calls it a development server: see docs/operations.md for what that means in production."})
public final class ServerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ServerOptions server;

  @Mixin
  ConfigOptions config;

  @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "default", converter = InputChecks.Name.class,
      description = "The namespace runbook uses, created when missing (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Override
  public Integer call() {
    Logging.service(Services.verbose(spec));
    // The configuration's temporal.server, when there is a configuration; its options win.
    TemporalConfig.Server configured = config.loadIfPresent().map(c -> c.temporal().server())
        .orElse(TemporalConfig.Server.defaults());
    TemporalDevServer s = TemporalDevServer.start(server.options(namespace, configured));
    PrintWriter out = spec.commandLine().getOut();
    Services.describe(s, out);
    out.println("Ctrl-C stops it; runs are kept in the store");
    out.flush();
    return Services.serveUntilStopped(s, s::close, spec.commandLine().getErr());
  }
}
