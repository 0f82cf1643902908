package dev.runbook.cli;

import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.TemporalConfig;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Instances;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.cli.internal.UiLinks;
import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook ui-links}: where to start each runbook in the Temporal Web UI, and what to paste there. */
@Command(name = "ui-links", mixinStandardHelpOptions = true,
    description = {"Print, for every runbook, a link to the Temporal Web UI's start form and the input to paste "
        + "into it, with the newest earlier run of that runbook (of the instance, with --instance). See docs/temporal-ui.md.",
        "Exit 0 ok, 2 invalid input, 3 no Temporal server."})
public final class UiLinksCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Option(names = "--instance", paramLabel = "NAME", description = "The instance the inputs name (default: a placeholder, NAME).")
  String instance;

  @Option(names = "--ui-url", paramLabel = "URL", description = "The Web UI's address, for a cluster's UI (default: runbook's "
      + "own server's, http://127.0.0.1:<temporal.server.uiPort>, when no Temporal target is given).")
  String uiUrl;

  @Override
  public Integer call() {
    Optional<RunbookConfig> configured = config.loadIfPresent();
    if (instance != null && configured.isPresent()) {
      Instances.require(configured.get(), instance, config);
    }
    String base = base(configured);
    TemporalTarget target = temporal.target();
    PrintWriter out = spec.commandLine().getOut();
    try (TemporalConnection.Command connection = TemporalConnection.connectCommand(target)) {
      WorkflowClient client = TemporalConnection.client(connection.stubs(), target, "cli");
      out.println("Temporal Web UI " + base + ", namespace " + target.namespace() + ". Open a start link and paste "
          + "the input shown, or a copy link: the form then copies the last run's input (and its workflow id, summary "
          + "and attributes: check them); then Start Workflow.");
      Instant now = Instant.now();
      for (UiLinks.Runbook r : UiLinks.runbooks(instance)) {
        out.println();
        out.println(r.kind() + " (" + r.workflowType() + ")");
        var last = newest(client, r);
        out.println("  start  " + UiLinks.startForm(base, target.namespace(), r, UiLinks.workflowId(r, now), null));
        last.ifPresent(m -> out.println("  copy   " + UiLinks.startForm(base, target.namespace(), r,
            m.getExecution().getWorkflowId(), m.getExecution().getRunId())));
        out.println("  input  " + r.input());
        out.println("  last   " + last
            .map(m -> UiLinks.runPage(base, target.namespace(), m.getExecution().getWorkflowId(), m.getExecution().getRunId())
                + " (" + m.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "") + ")")
            .orElse("none"));
      }
      return ExitCode.OK;
    }
  }

  /** The newest earlier run of {@code r}, found through Temporal's visibility. */
  private static Optional<WorkflowExecutionMetadata> newest(WorkflowClient client, UiLinks.Runbook r) {
    try (var runs = client.listExecutions(UiLinks.earlierRuns(r))) {
      return runs.limit(100).max(Comparator.comparing(WorkflowExecutionMetadata::getStartTime));
    }
  }

  /** --ui-url, else the UI of runbook's own server when no target is named; exit 2 when neither applies. */
  private String base(Optional<RunbookConfig> configured) {
    if (uiUrl != null) {
      try {
        return UiLinks.base(uiUrl);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.INVALID_INPUT, "--ui-url " + uiUrl + " " + e.getMessage());
      }
    }
    if (temporal.explicit()) {
      throw new CliException(ExitCode.INVALID_INPUT, "--ui-url is required with a Temporal target other than runbook's "
          + "own server: give the address of that cluster's Web UI, for example --ui-url https://temporal.example.com");
    }
    int uiPort = configured.map(c -> c.temporal().server()).orElse(TemporalConfig.Server.defaults()).uiPort();
    if (uiPort == 0) {
      throw new CliException(ExitCode.INVALID_INPUT, "runbook's server runs without its Web UI (temporal.server.uiPort: 0): "
          + "set a port there, or give --ui-url");
    }
    return "http://127.0.0.1:" + uiPort;
  }
}
