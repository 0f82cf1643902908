package dev.runbook.worker.webhook;

import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.config.WebhookHookConfig;
import dev.runbook.activities.config.WebhookRuleConfig;
import dev.runbook.activities.config.WebhooksConfig;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident endpoint without HTTP: from a hook's path, headers and body to the {@link Answer}. The
 * order matters: the rate limit first (cheap, and it protects the rest), then the size, then who sent
 * it, and only then the body is read as alerts. Logs name hooks, alerts and runs, never secrets or bodies.
 */
public final class IncidentEndpoint {
  private static final Logger log = LoggerFactory.getLogger(IncidentEndpoint.class);
  /** How long a sender should wait when Temporal or the catalog does not answer. */
  static final long UNAVAILABLE_RETRY_SECONDS = 30;

  private final WebhooksConfig config;
  private final RequestAuth auth;
  private final RateLimiter limiter;
  private final IncidentStarter starter;
  private final Clock clock;

  public IncidentEndpoint(WebhooksConfig config, Secrets secrets, IncidentStarter starter, Clock clock) {
    this.config = config;
    this.auth = new RequestAuth(secrets);
    this.limiter = new RateLimiter(config.rateLimit().perMinute(), config.rateLimit().burst());
    this.starter = starter;
    this.clock = clock;
  }

  /** The largest body taken, in bytes. */
  public long maxBody() {
    return config.maxBodyKiB() * 1024L;
  }

  /** The hook that answers on {@code path}, if any. */
  public Optional<WebhookHookConfig> hook(String path) {
    return config.hooks().stream().filter(h -> h.path().equals(path)).findFirst();
  }

  /** Refuses an authenticated request over the rate limit: 503 with Retry-After, or empty when it may go on. */
  Optional<Answer> admit() {
    long wait = limiter.take();
    return wait == 0 ? Optional.empty() : Optional.of(Answer.retryLater("rate limit: too many requests", wait));
  }

  /**
   * Answers an authenticated-or-not request to {@code hook} whose body was read in full (within {@link #maxBody()}).
   *
   * @param header the request's header by name, null when absent
   */
  public Answer handle(WebhookHookConfig hook, UnaryOperator<String> header, byte[] body) {
    Optional<String> refused;
    try {
      refused = auth.refusal(hook, header, body, clock.instant());
    } catch (Secrets.MissingSecretException e) {
      log.error("webhook {}: its secret cannot be read, so no request can be checked: {}", hook.name(), e.getMessage());
      return Answer.retryLater("the hook's secret cannot be read here", UNAVAILABLE_RETRY_SECONDS);
    }
    if (refused.isPresent()) {
      log.warn("webhook {}: request refused: {}", hook.name(), refused.get());
      return Answer.error(401, "unauthorized");
    }
    // The rate limit counts authenticated requests only: else anyone reaching the port could keep real
    // alerts waiting behind 503s (Alertmanager gives up after its notify timeout).
    Optional<Answer> limited = admit();
    if (limited.isPresent()) {
      return limited.get();
    }
    List<Alert> alerts;
    try {
      alerts = AlertBodies.parse(body);
    } catch (MalformedRequestException e) {
      log.warn("webhook {}: malformed body: {}", hook.name(), e.getMessage());
      return Answer.error(400, e.getMessage());
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (Alert alert : alerts) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("alert", alert.name());
      Optional<WebhookRuleConfig> rule = IncidentRules.match(hook.rules(), alert);
      if (!alert.firing()) {
        r.put("result", "resolved: nothing started");
      } else if (rule.isEmpty()) {
        log.warn("webhook {}: alert {} matches no rule; nothing started", hook.name(), alert.name());
        r.put("result", "no rule matches: nothing started");
      } else {
        Optional<Answer> unavailable = start(hook, rule.get(), alert, r);
        if (unavailable.isPresent()) {
          return unavailable.get();
        }
      }
      results.add(r);
    }
    return Answer.handled(results);
  }

  /** Starts (or finds) the incident's run and says so in {@code r}; a 503 when Temporal or the catalog does not answer. */
  private Optional<Answer> start(WebhookHookConfig hook, WebhookRuleConfig rule, Alert alert, Map<String, Object> r) {
    try {
      IncidentStarter.Started s = starter.start(hook.name(), rule, alert.key());
      r.put("result", s.isNew() ? "started" : "already handled");
      r.put("runbook", rule.runbook().id());
      r.put("target", rule.target());
      r.put("workflowId", s.workflowId());
      r.put("runId", s.runId());
      log.info("webhook {}: alert {}: {} {} of {} (workflow {}, run {})", hook.name(), alert.name(),
          s.isNew() ? "started" : "already handled by", rule.runbook().id(), rule.target(), s.workflowId(), s.runId());
      return Optional.empty();
    } catch (SQLException e) {
      log.error("webhook {}: the catalog cannot be read: {}", hook.name(), e.getMessage());
      return Optional.of(Answer.retryLater("the catalog does not answer", UNAVAILABLE_RETRY_SECONDS));
    } catch (RuntimeException e) {
      // The Temporal client's failures (unreachable, deadline, refused) all mean: not started, try again.
      log.error("webhook {}: alert {}: Temporal did not take the start: {}", hook.name(), alert.name(), e.toString());
      return Optional.of(Answer.retryLater("Temporal does not answer", UNAVAILABLE_RETRY_SECONDS));
    }
  }
}
