package dev.runbook.cli;

import dev.runbook.cli.internal.Blocker;
import dev.runbook.cli.internal.Logging;
import dev.runbook.cli.internal.Services;
import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.worker.EmbeddedTemporalServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook server}: the embedded Temporal test server on 127.0.0.1. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = {"Run the embedded Temporal test server on 127.0.0.1 only, with runbook's search attributes "
        + "registered, until stopped (Ctrl-C).",
        "It keeps nothing across restarts and has no Schedules API, visibility queries or web UI: it is for trying "
        + "runbook and for tests. Production uses a Temporal cluster (--temporal-target)."})
public final class ServerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7233", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() {
    Logging.service(Services.verbose(spec));
    EmbeddedTemporalServer server = EmbeddedTemporalServer.start(port);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Temporal test server listening on " + server.target() + " (namespace " + EmbeddedTemporalServer.NAMESPACE + ")");
    out.println("search attributes registered: " + String.join(", ",
        RunbookSearchAttributes.ALL.stream().map(k -> k.getName()).toList()));
    out.println("it keeps nothing across restarts; Ctrl-C stops it");
    out.flush();
    Blocker.awaitStop(server::close);
    return ExitCode.OK;
  }
}
