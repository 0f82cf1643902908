package dev.runbook.activities.config;

import dev.runbook.activities.config.InstanceConfig.BitbucketConfig;
import dev.runbook.activities.config.InstanceConfig.HomeConfig;
import dev.runbook.activities.config.internal.YamlPaths;
import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.HostMode;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Semantic checks of a parsed configuration; see {@link ConfigLoader}. */
final class ConfigValidator {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
  private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@._:\\-]+");
  private static final Pattern MIRROR_ID = Pattern.compile("[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}");

  private final RunbookConfig config;
  private final YamlPaths lines;
  private final List<Problem> problems;
  private final Set<String> alreadyReported;
  private final Optional<Secrets> secrets;

  ConfigValidator(RunbookConfig config, YamlPaths lines, List<Problem> problems, Optional<Secrets> secrets) {
    this.config = config;
    this.lines = lines;
    this.problems = problems;
    this.alreadyReported = problems.stream().map(Problem::path).collect(Collectors.toSet());
    this.secrets = secrets;
  }

  void validate() {
    catalog(config.catalog());
    new TemporalChecks(this).check(config.temporal());
    if (config.webhooks() != null) {
      new WebhookChecks(this, config).check(config.webhooks());
    }
    Set<String> hostNames = new HashSet<>();
    for (int i = 0; i < config.hosts().size(); i++) {
      host("hosts[" + i + "]", config.hosts().get(i), hostNames);
    }
    if (config.instances().isEmpty() && !reportedAtOrBelow("instances")) {
      add("instances", "at least one instance is required");
    }
    Set<String> instanceNames = new HashSet<>();
    for (int i = 0; i < config.instances().size(); i++) {
      instance("instances[" + i + "]", config.instances().get(i), instanceNames);
    }
    // Mirrors share the instances' namespace: host steps address services by either name.
    Set<String> mirrorNames = new HashSet<>(instanceNames);
    Set<String> ids = new HashSet<>();
    Set<String> urls = new HashSet<>();
    for (int i = 0; i < config.mirrors().size(); i++) {
      MirrorConfig m = config.mirrors().get(i);
      mirror("mirrors[" + i + "]", m, mirrorNames);
      // Two entries for one mirror would let one's recovery act on the other's record.
      if (m.mirrorId() != null && !ids.add(m.mirrorId().toUpperCase(java.util.Locale.ROOT))) {
        add("mirrors[" + i + "].mirrorId", "another mirror already has the id " + m.mirrorId());
      }
      if (m.baseUrl() != null && !urls.add(m.baseUrl().trim().toLowerCase(java.util.Locale.ROOT).replaceAll("/+$", ""))) {
        add("mirrors[" + i + "].baseUrl", "another mirror already has the base URL " + m.baseUrl());
      }
    }
    new ScheduleChecks(this, config).check(config.schedules());
  }

  private void mirror(String at, MirrorConfig m, Set<String> names) {
    name(at + ".name", m.name(), names, "mirror or instance");
    instanceRef(at + ".primary", m.primary(), true);
    bitbucket(at, new BitbucketConfig(m.baseUrl(), m.username(), m.password()));
    matches(at + ".mirrorId", m.mirrorId(), MIRROR_ID, "a mirror id like B0F5-CS21-45C2-CCK3");
    Set<String> nodeNames = new HashSet<>();
    for (int i = 0; i < m.nodes().size(); i++) {
      String n = at + ".nodes[" + i + "]";
      name(n + ".name", m.nodes().get(i).name(), nodeNames, "node");
      hostRef(n + ".host", m.nodes().get(i).host());
      if (m.nodes().get(i).url() != null) {
        httpUrl(n + ".url", m.nodes().get(i).url());
      }
    }
    services(at + ".services", m.services());
    instanceRef(at + ".restoreInstance", m.restoreInstance(), false);
    if (m.restoreInstance() != null && m.restoreInstance().equals(m.primary())) {
      add(at + ".restoreInstance", "is the primary itself; it must be the instance holding the mirror's own backups");
    }
    MirrorRecoveryConfig r = m.recovery();
    positive(at + ".recovery.approvalTimeout", r.approvalTimeout());
    positive(at + ".recovery.installTimeout", r.installTimeout());
    positive(at + ".recovery.syncTimeout", r.syncTimeout());
    positive(at + ".recovery.staleAfter", r.staleAfter());
    positive(at + ".recovery.pollInterval", r.pollInterval());
    if (r.pollInterval().compareTo(Duration.ofMinutes(5)) > 0) {
      add(at + ".recovery.pollInterval", "must be at most 5 min: the waits heartbeat once per poll");
    }
  }

  void instanceRef(String path, String name, boolean required) {
    if (name == null) {
      if (required) {
        require(path, null);
      }
      return;
    }
    if (config.instance(name).isEmpty()) {
      String known = config.instances().stream().map(InstanceConfig::name).collect(Collectors.joining(", "));
      add(path, "no instance named '" + name + "' in instances" + (known.isEmpty() ? "" : " (instances: " + known + ")"));
    }
  }

  private void catalog(CatalogConfig c) {
    if (c == null) {
      return;
    }
    if (c.url() != null) {
      if (!c.url().startsWith("jdbc:sqlite:") && !c.url().startsWith("jdbc:postgresql://")) {
        add("catalog.url", "must start with jdbc:sqlite: or jdbc:postgresql://");
      }
      if (c.url().toLowerCase().contains("password=")) {
        add("catalog.url", "must not hold a password; give it in catalog.password as env:NAME or file:/path");
      }
    }
    secret("catalog.password", c.password());
  }

  private void host(String at, HostConfig h, Set<String> names) {
    name(at + ".name", h.name(), names, "host");
    if (h.mode() == HostMode.SSH) {
      SshConfig s = h.ssh();
      if (s == null) {
        add(at + ".ssh", "required for mode ssh (address, user, keyFile, knownHostsFile)");
        return;
      }
      require(at + ".ssh.address", s.address());
      require(at + ".ssh.user", s.user());
      absolute(at + ".ssh.keyFile", s.keyFile(), true);
      absolute(at + ".ssh.knownHostsFile", s.knownHostsFile(), true);
      if (s.port() < 1 || s.port() > 65535) {
        add(at + ".ssh.port", "must be between 1 and 65535");
      }
      positive(at + ".ssh.commandTimeout", s.commandTimeout());
    } else if (h.ssh() != null) {
      add(at + ".ssh", "only used with mode ssh (this host's mode is " + h.mode().id() + ")");
    }
  }

  private void instance(String at, InstanceConfig in, Set<String> names) {
    name(at + ".name", in.name(), names, "instance");
    bitbucket(at + ".bitbucket", in.bitbucket());
    if (in.nodes().isEmpty()) {
      add(at + ".nodes", "at least one node is required");
    }
    Set<String> nodeNames = new HashSet<>();
    for (int i = 0; i < in.nodes().size(); i++) {
      String n = at + ".nodes[" + i + "]";
      InstanceConfig.NodeConfig node = in.nodes().get(i);
      name(n + ".name", node.name(), nodeNames, "node");
      hostRef(n + ".host", node.host());
    }
    home(at + ".home", in);
    database(at + ".database", in);
    services(at + ".services", in.services());
    positive(at + ".drainTimeout", in.drainTimeout());
    positive(at + ".rpo", in.rpo());
    positive(at + ".verifyEvery", in.verifyEvery());
    positive(at + ".restore.approvalTimeout", in.restore().approvalTimeout());
    positive(at + ".restore.stopTimeout", in.restore().stopTimeout());
    positive(at + ".restore.startTimeout", in.restore().startTimeout());
    positive(at + ".restore.deadline", in.restore().deadline());
    positive(at + ".backupDeadline", in.backupDeadline());
    absolute(at + ".restore.propertiesFile", in.restore().propertiesFile(), false);
    if (in.verify().repositories() < 0) {
      add(at + ".verify.repositories", "must be 0 (every repository) or more");
    }
    for (int i = 0; i < in.verify().tables().size(); i++) {
      String t = in.verify().tables().get(i);
      if (t == null || !t.matches("[a-z_][a-z0-9_]{0,62}")) {
        add(at + ".verify.tables[" + i + "]", "must be a plain table name (lower-case letters, digits, '_'), like repository");
      }
    }
    if (in.retention().keep() < 1) {
      add(at + ".retention.keep", "must be at least 1");
    }
    for (int i = 0; i < in.notifications().webhooks().size(); i++) {
      String w = at + ".notifications.webhooks[" + i + "]";
      InstanceConfig.WebhookConfig hook = in.notifications().webhooks().get(i);
      require(w + ".name", hook.name());
      if (require(w + ".url", hook.url())) {
        secret(w + ".url", hook.url());
      }
    }
  }

  /** Checks a base URL, user and password reference; the mirror's fields sit at its top level. */
  private void bitbucket(String at, BitbucketConfig b) {
    if (b == null) {
      require(at, null);
      return;
    }
    if (require(at + ".baseUrl", b.baseUrl())) {
      // An instance nests its credentials under bitbucket:, a mirror has them at its top level.
      httpUrl(at + ".baseUrl", b.baseUrl(), at.endsWith(".bitbucket") ? "bitbucket.password" : "password");
    }
    require(at + ".username", b.username());
    if (require(at + ".password", b.password())) {
      secret(at + ".password", b.password());
    }
  }

  private void httpUrl(String path, String url) {
    httpUrl(path, url, "the mirror's password");
  }

  /** An http(s) URL with a host and neither credentials nor a query. */
  private void httpUrl(String path, String url, String passwordField) {
    URI uri = null;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      // Reported below.
    }
    if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      add(path, "not an http(s) URL with a host, for example https://bitbucket.example.com");
    } else if (uri.getUserInfo() != null || uri.getQuery() != null) {
      add(path, "must not hold credentials or a query; give the password in " + passwordField);
    }
  }

  private void home(String at, InstanceConfig in) {
    HomeConfig home = in.home();
    if (home == null) {
      require(at, null);
      return;
    }
    hostRef(at + ".host", home.host());
    if (home.mounts().isEmpty() && !reportedAtOrBelow(at + ".mounts")) {
      add(at + ".mounts", "at least one mount is required");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < home.mounts().size(); i++) {
      String m = home.mounts().get(i);
      absolute(at + ".mounts[" + i + "]", m, true);
      if (m != null && !seen.add(m)) {
        add(at + ".mounts[" + i + "]", "listed twice");
      }
    }
    SnapshotConfig snapshot = home.snapshot();
    if (snapshot == null) {
      require(at + ".snapshot", null);
      return;
    }
    snapshot.check(new ProviderChecks(this, at + ".snapshot", in));
    if (in.mode() == BackupMode.ZERO_DOWNTIME && snapshot.notPointInTime() != null) {
      add(at + ".snapshot.provider", snapshot.notPointInTime() + "; use it with mode: locked, or choose a provider "
          + "that snapshots every mount at one point in time for zero-downtime backups (docs/providers.md)");
    }
  }

  private void database(String at, InstanceConfig in) {
    DatabaseConfig db = in.database();
    if (db == null) {
      require(at, null);
      return;
    }
    hostRef(at + ".host", db.host());
    db.check(new ProviderChecks(this, at, in));
  }

  private void services(String at, ServicesConfig services) {
    if (services instanceof ServicesConfig.Systemd s) {
      if (s.units().isEmpty()) {
        add(at + ".units", "at least one unit is required");
      }
      for (int i = 0; i < s.units().size(); i++) {
        matches(at + ".units[" + i + "]", s.units().get(i), UNIT, "a systemd unit name");
      }
    } else if (services instanceof ServicesConfig.Command c) {
      absolute(at + ".stop", c.stop(), true);
      absolute(at + ".start", c.start(), true);
      absolute(at + ".status", c.status(), false);
    }
  }

  // --- shared checks, also used by ProviderChecks ---

  void add(String path, String message) {
    problems.add(new Problem(path, lines.line(path), message));
  }

  boolean require(String path, Object value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      if (!reportedAtOrBelow(path)) {
        add(path, "required");
      }
      return false;
    }
    return true;
  }

  /** True when a structural problem was already reported at {@code path} or inside it. */
  private boolean reportedAtOrBelow(String path) {
    return alreadyReported.stream().anyMatch(p -> p.equals(path) || p.startsWith(path + ".") || p.startsWith(path + "["));
  }

  boolean absolute(String path, String value, boolean required) {
    if (value == null) {
      return !required || require(path, null);
    }
    if (!value.startsWith("/")) {
      add(path, "not an absolute path");
      return false;
    }
    return true;
  }

  void positive(String path, Duration d) {
    if (d != null && (d.isNegative() || d.isZero())) {
      add(path, "must be longer than zero");
    }
  }

  boolean matches(String path, String value, Pattern pattern, String what) {
    if (value != null && !pattern.matcher(value).matches()) {
      add(path, "not " + what);
      return false;
    }
    return true;
  }

  void name(String path, String value, Set<String> seen, String what) {
    if (!require(path, value)) {
      return;
    }
    if (!NAME.matcher(value).matches()) {
      add(path, "not a valid " + what + " name: use lower-case letters, digits and '-' (at most 40)");
    } else if (!seen.add(value)) {
      add(path, "another " + what + " is already called '" + value + "'");
    }
  }

  private void hostRef(String path, String host) {
    if (require(path, host) && config.host(host).isEmpty()) {
      String known = config.hosts().stream().map(HostConfig::name).collect(Collectors.joining(", "));
      add(path, "no host named '" + host + "' in hosts" + (known.isEmpty() ? "" : " (hosts: " + known + ")"));
    }
  }

  void secret(String path, SecretRef ref) {
    if (ref != null && secrets.isPresent()) {
      secrets.get().problem(ref).ifPresent(p -> add(path, p));
    }
  }
}
