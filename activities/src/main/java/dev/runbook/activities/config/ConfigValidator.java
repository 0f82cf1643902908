package dev.runbook.activities.config;

import dev.runbook.activities.config.InstanceConfig.BitbucketConfig;
import dev.runbook.activities.config.InstanceConfig.HomeConfig;
import dev.runbook.activities.config.internal.YamlPaths;
import dev.runbook.workflows.config.BackupMode;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Semantic checks of a parsed configuration; see {@link ConfigLoader}. Hosts, mirrors, snapshots,
 * schedules, webhooks, Temporal and the combinations that destroy data have their own files.
 */
final class ConfigValidator {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
  private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@._:][A-Za-z0-9@._:-]*");

  private final RunbookConfig config;
  private final YamlPaths lines;
  private final List<Problem> problems;
  private final Set<String> alreadyReported;
  private final Optional<Secrets> secrets;
  final SafetyChecks safety = new SafetyChecks(this);

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
    new WorkersChecks(this).check(config.workers());
    if (config.webhooks() != null) {
      new WebhookChecks(this, config).check(config.webhooks());
    }
    Set<String> hostNames = new HashSet<>();
    for (int i = 0; i < config.hosts().size(); i++) {
      new HostChecks(this).check("hosts[" + i + "]", config.hosts().get(i), hostNames);
    }
    if (config.instances().isEmpty() && !reportedAtOrBelow("instances")) {
      add("instances", "at least one instance is required");
    }
    Set<String> instanceNames = new HashSet<>();
    for (int i = 0; i < config.instances().size(); i++) {
      instance("instances[" + i + "]", config.instances().get(i), instanceNames);
    }
    safety.acrossInstances(config.instances());
    // Mirrors share the instances' namespace: host steps address services by either name.
    new MirrorChecks(this).check(config.mirrors(), instanceNames);
    new ScheduleChecks(this, config).check(config.schedules());
    new ApproverChecks(this).check(config.approval(), config.approvers());
  }

  /** Checks the catalog section alone ({@link ConfigLoader#loadCatalog}). */
  void validateCatalog() {
    catalog(config.catalog());
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
      if (dev.runbook.activities.catalog.CatalogLocation.holdsCredentials(c.url())) {
        add("catalog.url", "must not hold a password; give it in catalog.password as env:NAME or file:/path");
      }
    }
    secret("catalog.password", c.password());
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
    mesh(at + ".mesh", in, nodeNames);
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
    positive(at + ".restore.keepAside", in.restore().keepAside());
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
  void bitbucket(String at, BitbucketConfig b) {
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

  void httpUrl(String path, String url) {
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

  /** Each Mesh node: a name of its own, a host, a home checked as the shared home is, explicit services. */
  private void mesh(String at, InstanceConfig in, Set<String> nodeNames) {
    Set<String> names = new HashSet<>();
    Set<String> hosts = new HashSet<>();
    for (int i = 0; i < in.mesh().size(); i++) {
      String m = at + "[" + i + "]";
      MeshNodeConfig node = in.mesh().get(i);
      if (node == null) {
        require(m, null);
        continue;
      }
      name(m + ".name", node.name(), names, "Mesh node");
      if (node.name() != null && nodeNames.contains(node.name())) {
        add(m + ".name", "a Bitbucket node is called '" + node.name() + "' too; give the Mesh node the name Bitbucket shows "
            + "for it under Administration, Mesh");
      }
      if (require(m + ".host", node.host())) {
        hostRef(m + ".host", node.host());
        if (!hosts.add(node.host())) {
          add(m + ".host", "another Mesh node already runs on host " + node.host() + ": each Mesh node needs its own host");
        }
      }
      if (node.home() != null && node.home().host() != null && !node.home().host().equals(node.host())) {
        add(m + ".home.host", "must be the node's host " + node.host() + " (or left out): a Mesh node's home is its own");
      }
      if (node.home() != null || !reportedAtOrBelow(m + ".home")) {
        home(m + ".home", in.asMeshNode(node));
      }
      if (node.services() == null) {
        add(m + ".services", "say how the node's service is stopped and started, for example "
            + "{provider: systemd, units: [mesh]} (Bitbucket's units are not the Mesh node's)");
      } else {
        if (node.services() instanceof ServicesConfig.Systemd s && s.units().equals(ServicesConfig.DEFAULT_UNITS)) {
          add(m + ".services.units", "name the Mesh node's own systemd unit(s); " + String.join(" and ", s.units())
              + " are Bitbucket's");
        }
        services(m + ".services", node.services());
      }
      if (node.rpcPort() < 1 || node.rpcPort() > 65535) {
        add(m + ".rpcPort", "must be a TCP port from 1 to 65535 (Mesh's default is " + MeshNodeConfig.DEFAULT_RPC_PORT + ")");
      }
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
      if (absolute(at + ".mounts[" + i + "]", m, true)) {
        safety.notRoot(at + ".mounts[" + i + "]", m, "a restore moves each mount aside and puts the restore point in its place");
      }
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

  void services(String at, ServicesConfig services) {
    if (services instanceof ServicesConfig.Systemd s) {
      if (s.units().isEmpty()) {
        add(at + ".units", "at least one unit is required");
      }
      for (int i = 0; i < s.units().size(); i++) {
        if (!safety.noOption(at + ".units[" + i + "]", s.units().get(i))) {
          matches(at + ".units[" + i + "]", s.units().get(i), UNIT, "a systemd unit name");
        }
      }
    } else if (services instanceof ServicesConfig.Command c) {
      absolute(at + ".stop", c.stop(), true);
      absolute(at + ".start", c.start(), true);
      absolute(at + ".status", c.status(), false);
    }
  }

  // --- shared checks, also used by ProviderChecks ---

  /** How many problems are known so far. */
  int problemCount() {
    return problems.size();
  }

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
    Optional<String> problem = SafetyChecks.pathProblem(value);
    problem.ifPresent(p -> add(path, p));
    return problem.isEmpty();
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

  void hostRef(String path, String host) {
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
