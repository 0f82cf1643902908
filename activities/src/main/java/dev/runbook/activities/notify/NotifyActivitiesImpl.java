package dev.runbook.activities.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.notify.ApprovalNotice;
import dev.runbook.workflows.notify.Notification;
import dev.runbook.workflows.notify.NotifyActivities;
import dev.runbook.workflows.notify.NotifyResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.temporal.activity.Activity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts {@code {"text": ..., "runbook": ..., "instance": ..., "runId": ..., "status": ...}} to each of
 * the instance's webhooks ({@code text} is what Slack-compatible webhooks show), or only
 * {@code {"text": ...}} to those whose format is {@code slack}; approval notices add the workflow id,
 * the deadline and the run's Temporal UI link. A webhook that
 * fails is reported by name in the result and the log, never by URL (URLs carry tokens), and never
 * fails the run.
 */
public final class NotifyActivitiesImpl implements NotifyActivities {
  private static final Logger log = LoggerFactory.getLogger(NotifyActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConfigSource config;
  private final Secrets secrets;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  public NotifyActivitiesImpl(ConfigSource config, Secrets secrets) {
    this.config = config;
    this.secrets = secrets;
  }

  @Override
  public NotifyResult notify(Notification n) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", n.text());
    body.put("runbook", n.runbook());
    body.put("instance", n.instance());
    body.put("runId", n.runId());
    body.put("status", n.status());
    return send(n.instance(), body);
  }

  @Override
  public NotifyResult approval(ApprovalNotice n) {
    String namespace = Activity.getExecutionContext().getInfo().getNamespace();
    Optional<String> ui;
    try {
      ui = config.current().temporal().uiBase();
    } catch (RuntimeException e) {
      ui = Optional.empty();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", ApprovalText.of(n, ui, namespace));
    body.put("runbook", n.runbook());
    body.put("instance", n.instance());
    body.put("subject", n.subject());
    body.put("runId", n.runId());
    body.put("workflowId", n.workflowId());
    body.put("status", "APPROVAL_" + n.event().name());
    body.put("deadline", n.deadline().toString());
    ui.ifPresent(u -> body.put("url", u + "/namespaces/" + namespace + "/workflows/" + n.workflowId() + "/" + n.runId()));
    return send(n.instance(), body);
  }

  /** Posts {@code body} to each webhook of {@code instance}, as its format says. */
  private NotifyResult send(String instance, Map<String, Object> body) {
    InstanceConfig in;
    try {
      in = config.instance(instance);
    } catch (RuntimeException e) {
      return new NotifyResult(0, List.of("no webhooks: " + e.getMessage()));
    }
    int delivered = 0;
    List<String> failures = new ArrayList<>();
    for (InstanceConfig.WebhookConfig hook : in.notifications().webhooks()) {
      String problem = post(hook, json(hook.format() == InstanceConfig.WebhookConfig.Format.SLACK
          ? Map.of("text", body.get("text")) : body));
      if (problem == null) {
        delivered++;
      } else {
        failures.add(hook.name() + ": " + problem);
        log.warn("{}: webhook {} not delivered: {}", instance, hook.name(), problem);
      }
    }
    return new NotifyResult(delivered, failures);
  }

  private static String json(Map<String, Object> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String post(InstanceConfig.WebhookConfig hook, String json) {
    String url;
    try {
      url = secrets.resolve("webhook " + hook.name(), hook.url());
    } catch (Secrets.MissingSecretException e) {
      return e.getMessage();
    }
    try {
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
    } catch (IllegalArgumentException e) {
      return "the URL is not valid";
    } catch (IOException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage().replace(url, "URL") + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
