package dev.runbook.activities.config;

import dev.runbook.activities.config.WebhookHookConfig.Auth;
import dev.runbook.activities.config.WebhookRuleConfig.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks of the {@code webhooks:} section; problems carry their YAML path and line like every other section's. */
final class WebhookChecks {
  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  private final ConfigValidator v;
  private final RunbookConfig config;

  WebhookChecks(ConfigValidator v, RunbookConfig config) {
    this.v = v;
    this.config = config;
  }

  void check(WebhooksConfig w) {
    if (w.listen().isBlank()) {
      v.add("webhooks.listen", "must not be empty; leave it out for " + WebhooksConfig.DEFAULT_LISTEN);
    }
    if (w.port() < 1 || w.port() > 65535) {
      v.add("webhooks.port", "must be between 1 and 65535");
    }
    if (w.tls() != null) {
      file("webhooks.tls.cert", w.tls().cert());
      file("webhooks.tls.key", w.tls().key());
    }
    if (w.maxBodyKiB() < 1 || w.maxBodyKiB() > 10240) {
      v.add("webhooks.maxBodyKiB", "must be between 1 and 10240 (10 MiB)");
    }
    if (w.rateLimit().perMinute() < 1) {
      v.add("webhooks.rateLimit.perMinute", "must be at least 1");
    }
    if (w.rateLimit().burst() < 1) {
      v.add("webhooks.rateLimit.burst", "must be at least 1");
    }
    if (w.hooks().isEmpty()) {
      v.add("webhooks.hooks", "at least one hook is required");
    }
    Set<String> names = new HashSet<>();
    Set<String> paths = new HashSet<>();
    for (int i = 0; i < w.hooks().size(); i++) {
      hook("webhooks.hooks[" + i + "]", w.hooks().get(i), names, paths);
    }
  }

  private void hook(String at, WebhookHookConfig h, Set<String> names, Set<String> paths) {
    v.name(at + ".name", h.name(), names, "hook");
    if (v.require(at + ".path", h.path())) {
      if (!PATH.matcher(h.path()).matches()) {
        v.add(at + ".path", "not a path like /hooks/alertmanager (letters, digits, '.', '_', '~', '-' between slashes)");
      } else if (!paths.add(h.path())) {
        v.add(at + ".path", "another hook already answers on " + h.path());
      }
    }
    if (v.require(at + ".auth", h.auth()) && v.require(at + ".secret", h.secret())) {
      v.secret(at + ".secret", h.secret());
    }
    if (h.auth() == Auth.BASIC) {
      v.require(at + ".username", h.username());
    } else if (h.username() != null) {
      v.add(at + ".username", "only used with auth: basic");
    }
    if (h.rules().isEmpty()) {
      v.add(at + ".rules", "at least one rule is required");
    }
    for (int i = 0; i < h.rules().size(); i++) {
      rule(at + ".rules[" + i + "]", h.rules().get(i));
    }
  }

  private void rule(String at, WebhookRuleConfig r) {
    v.require(at + ".alert", r.alert());
    r.labels().forEach((k, value) -> {
      if (k.isBlank() || value == null) {
        v.add(at + ".labels", "every label needs a name and a value");
      }
    });
    if (!v.require(at + ".runbook", r.runbook()) || !v.require(at + ".target", r.target())) {
      return;
    }
    if (r.runbook() == Runbook.MIRROR_RECOVERY) {
      if (config.mirror(r.target()).isEmpty()) {
        String known = config.mirrors().stream().map(MirrorConfig::name).collect(Collectors.joining(", "));
        v.add(at + ".target", "no mirror named '" + r.target() + "' in mirrors" + (known.isEmpty() ? "" : " (mirrors: "
            + known + ")"));
      }
    } else if (config.instance(r.target()).isEmpty()) {
      String known = config.instances().stream().map(InstanceConfig::name).collect(Collectors.joining(", "));
      v.add(at + ".target", "no instance named '" + r.target() + "' in instances" + (known.isEmpty() ? "" : " (instances: "
          + known + ")"));
    }
  }

  /** An absolute path of a readable regular file; its content is checked when the endpoint starts. */
  private void file(String path, String value) {
    if (!v.absolute(path, value, true) || value == null) {
      return;
    }
    Path p = Path.of(value);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      v.add(path, value + " is not a readable file");
    }
  }
}
