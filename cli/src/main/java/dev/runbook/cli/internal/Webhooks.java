package dev.runbook.cli.internal;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.cli.ExitCode;
import dev.runbook.worker.webhook.WebhookServer;
import io.temporal.client.WorkflowClient;

/** Starts the incident webhook for {@code runbook webhook} and {@code runbook up}, with the CLI's exit codes. */
public final class Webhooks {
  private Webhooks() {}

  /**
   * The endpoint of {@code config}'s {@code webhooks:} section; a TLS file that holds no certificate or key is
   * exit 2, an address that cannot be bound exit 3.
   */
  public static WebhookServer start(RunbookConfig config, WorkflowClient client, Catalog catalog) {
    try {
      return WebhookServer.start(config.webhooks(), client, catalog, new Secrets());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.INVALID_INPUT, "webhooks.tls: " + e.getMessage());
    } catch (WebhookServer.WebhookServerException e) {
      throw new CliException(ExitCode.UNEXPECTED_STATE, e.getMessage());
    }
  }

  /** What the endpoint serves, in one line per hook. */
  public static String describe(RunbookConfig config, WebhookServer server) {
    StringBuilder b = new StringBuilder("incident webhook on " + server.address());
    config.webhooks().hooks().forEach(h -> b.append("\n    ").append(server.address()).append(h.path()).append(" (")
        .append(h.name()).append(", ").append(h.auth().id()).append(", ").append(h.rules().size()).append(" rule(s))"));
    return b.toString();
  }
}
