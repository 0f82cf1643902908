package dev.runbook.cli;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.internal.Blocker;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Logging;
import dev.runbook.cli.internal.Services;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.cli.internal.Webhooks;
import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import dev.runbook.worker.webhook.WebhookServer;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook webhook}: the incident endpoint alone, starting runs on a running Temporal server. */
@Command(name = "webhook", mixinStandardHelpOptions = true,
    description = {"Serve the incident webhook of the webhooks: section until stopped: alerts (Alertmanager's or the "
        + "generic body) that match a hook's rules start their runbook, once per incident. See docs/webhook.md.",
        "Secret references must resolve in this process; `runbook up` serves the same endpoint when configured."})
public final class WebhookCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  CatalogOptions catalog;

  @Override
  public Integer call() {
    Logging.service(Services.verbose(spec));
    RunbookConfig c = config.load(true);
    if (c.webhooks() == null) {
      throw new CliException(ExitCode.INVALID_INPUT, config.file() + ": no webhooks: section; see docs/webhook.md");
    }
    TemporalTarget target = temporal.target(Optional.of(c));
    Catalog cat = catalog.open(Optional.of(c));
    WorkflowServiceStubs stubs = TemporalConnection.connect(target);
    WebhookServer server;
    try {
      server = Webhooks.start(c, TemporalConnection.client(stubs, target, "webhook"), cat);
    } catch (RuntimeException e) {
      stubs.shutdownNow();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(Webhooks.describe(c, server));
    out.println("  runs start on " + target.target() + " (namespace " + target.namespace() + "); catalog "
        + cat.location() + "; Ctrl-C stops");
    out.flush();
    Blocker.awaitStop(() -> {
      server.close();
      stubs.shutdownNow();
    });
    return ExitCode.OK;
  }
}
