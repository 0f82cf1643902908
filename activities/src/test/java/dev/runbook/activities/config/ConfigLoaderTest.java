package dev.runbook.activities.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.HostMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final Path EXAMPLE = Path.of("../docs/examples/runbook.yaml");

  static final String VALID = """
      hosts:
        - name: files
          mode: local
        - name: node1   # host
      instances:
        - name: prod
          bitbucket:
            baseUrl: http://127.0.0.1:7990
            username: admin
            password: env:BB_PASSWORD
          nodes:
            - name: node1
              host: node1
          home:
            host: files
            mounts: [/srv/bitbucket/shared]
            snapshot:
              provider: command
              snapshot: /opt/runbook/snapshot.sh
              freeze: true
              maxFreeze: 15s
          database:
            provider: postgresql
            host: files
            name: bitbucket
            user: bitbucket
            backupRoot: /srv/backups
      """;

  static final String COMMAND_SNAPSHOT =
      "provider: command\n        snapshot: /opt/runbook/snapshot.sh\n        freeze: true\n        maxFreeze: 15s";

  private static List<String> problems(String yaml) {
    try {
      ConfigLoader.parse(Path.of("runbook.yaml"), yaml, Optional.empty());
    } catch (ConfigException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    return List.of();
  }

  @Test
  void theDocumentedExampleIsValid() {
    RunbookConfig c = ConfigLoader.load(EXAMPLE);
    assertThat(c.instances()).extracting(InstanceConfig::name).containsExactly("prod");
    assertThat(c.hosts()).extracting(HostConfig::mode).containsExactly(HostMode.AGENT, HostMode.AGENT, HostMode.AGENT, HostMode.SSH);
    assertThat(c.host("db").orElseThrow().ssh().commandTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.instance("prod").orElseThrow().home().snapshot()).isInstanceOf(dev.runbook.activities.home.btrfs.BtrfsConfig.class);
    assertThat(c.catalog().password()).hasToString("env:RUNBOOK_CATALOG_PASSWORD");
  }

  @Test
  void defaultsAndTypesAreFilledIn() {
    RunbookConfig c = ConfigLoader.parse(Path.of("x.yaml"), VALID, Optional.empty());
    InstanceConfig prod = c.instance("prod").orElseThrow();
    assertThat(prod.mode()).isEqualTo(BackupMode.ZERO_DOWNTIME);
    assertThat(prod.retention().keep()).isEqualTo(7);
    assertThat(c.host("node1").orElseThrow().mode()).isEqualTo(HostMode.AGENT);
    var cmd = (dev.runbook.activities.home.command.CommandConfig) prod.home().snapshot();
    assertThat(cmd.freeze()).isTrue();
    assertThat(cmd.maxFreeze()).isEqualTo(Duration.ofSeconds(15));
    var pg = (dev.runbook.activities.database.postgresql.PostgresqlConfig) prod.database();
    assertThat(pg.port()).isEqualTo(5432);
    assertThat(pg.jobs()).isEqualTo(4);
    assertThat(prod.verify().tables()).containsExactly("project", "repository");
    assertThat(prod.verify().repositories()).isEqualTo(20);
  }

  @Test
  void verifyTakesPlainTableNamesAndASampleSize() {
    assertThat(problems(VALID + "    verify:\n      tables: [repository, 'x; DROP TABLE project']\n      repositories: -1\n"))
        .containsExactlyInAnyOrder(
            "instances[0].verify.tables[1]: must be a plain table name (lower-case letters, digits, '_'), like repository (line 29)",
            "instances[0].verify.repositories: must be 0 (every repository) or more (line 30)");
  }

  @Test
  void reportsEveryProblemWithItsPathAndLine() {
    String yaml = VALID
        .replace("mounts: [/srv/bitbucket/shared]", "mounts: [/srv/bitbucket/shared, relative/dir]")
        .replace("    nodes:\n      - name: node1\n        host: node1",
            "    mode: fast\n    nodes:\n      - name: node1\n        host: node3")
        .replace("  - name: node1   # host\n", "  - name: node1   # host\n    colour: blue\n");
    assertThat(problems(yaml)).containsExactlyInAnyOrder(
        "hosts[1].colour: unknown key (known keys: mode, name, ssh, sudo) (line 5)",
        "instances[0].mode: unknown value 'fast' (one of: zero-downtime, locked) (line 12)",
        "instances[0].nodes[0].host: no host named 'node3' in hosts (hosts: files, node1) (line 15)",
        "instances[0].home.mounts[1]: not an absolute path (line 18)");
  }

  @Test
  void unknownProviderNamesTheKnownOnes() {
    assertThat(problems(VALID.replace("provider: command", "provider: gcs")))
        .containsExactly("instances[0].home.snapshot.provider: unknown provider 'gcs' (one of: btrfs, zfs, lvm, command, rsync, ebs) (line 18)");
    assertThat(problems(VALID.replace("provider: postgresql", "provider: mysql")))
        .singleElement().asString().startsWith("instances[0].database.provider: unknown provider 'mysql' (one of: postgresql, postgresql-fslevel, rds)");
  }

  @Test
  void approversAreCheckedWithTheirPathAndLine() {
    String a = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAwxMDqEGQuzvuHAoAIItT6osQNY9Dnio+kZpisILFh a";
    String b = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFQNYD3152J8OOc/tv8TYPr2Gtrim/XEYLjmKq3ulN46 b";
    String good = "approval: signed\napprovers:\n  - {name: alice, key: '" + a + "'}\n  - {name: bob, key: '" + b + "'}\n";
    RunbookConfig c = ConfigLoader.parse(Path.of("x.yaml"), good + VALID, Optional.empty());
    assertThat(c.approvalPolicy().signed()).isTrue();
    assertThat(c.approvers()).extracting(dev.runbook.workflows.approval.Approver::name).containsExactly("alice", "bob");
    assertThat(ConfigLoader.parse(Path.of("x.yaml"), VALID, Optional.empty()).approvalPolicy().signed())
        .as("named unless said").isFalse();

    String bad = "approval: signed\napprovers:\n  - {name: alice, key: '" + a + "'}\n  - {name: Alice, key: '" + a
        + "'}\n  - {name: carol, key: 'ssh-ed25519 bm90IGEga2V5'}\n  - {name: dave}\n";
    assertThat(problems(bad + VALID)).containsExactlyInAnyOrder(
        "approvers[1].name: the name Alice is also approvers[0]'s: each approver needs a name of their own (line 4)",
        "approvers[1].key: the key " + dev.runbook.workflows.approval.SshSignature.fingerprint(
            dev.runbook.workflows.approval.SshSignature.parsePublicKey(a)) + " is also approvers[0]'s: each person signs "
            + "with a key of their own, or one person could ask and approve (line 4)",
        "approvers[2].key: not an SSH public key this version can check (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521): "
            + "not enough data for block (copy the line of the person's ~/.ssh/id_ed25519.pub) (line 5)",
        "approvers[3].key: required (line 6)");
    assertThat(problems("approval: signed\n" + VALID)).containsExactly("approval: approval: signed needs at least two "
        + "approvers, one to ask and another to approve; list them under approvers: with their SSH public keys (line 1)");
    assertThat(problems("approval: sign\n" + VALID)).singleElement().asString().startsWith("approval: must be signed");
  }

  @Test
  void malformedYamlGivesTheLine() {
    assertThat(problems("hosts:\n  - name: a\n   mode: agent\n")).singleElement().asString()
        .startsWith("not valid YAML: ").endsWith("(line 3)");
  }

  @Test
  void inlineSecretsAreRefusedWithoutRepeatingThem() {
    List<String> p = problems(VALID.replace("password: env:BB_PASSWORD", "password: Hunter2-Sup3rSecret"));
    assertThat(p).containsExactly("instances[0].bitbucket.password: secrets are given by reference "
        + "(env:NAME or file:/absolute/path), never inline (line 10)");
    assertThat(String.join("\n", p)).doesNotContain("Hunter2");
  }

  @Test
  void inlineSecretsInAnUnknownKeyAreNotRepeatedEither() {
    String yaml = VALID.replace("username: admin", "username: admin\n      token: Hunter2-Sup3rSecret");
    assertThat(String.join("\n", problems(yaml))).contains("instances[0].bitbucket.token: unknown key").doesNotContain("Hunter2");
  }

  @Test
  void missingSecretsAreReportedWhenAsked(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("runbook.yaml");
    Files.writeString(file, VALID);
    assertThatThrownBy(() -> ConfigLoader.load(file, Optional.of(new Secrets(Map.of()))))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(Problem::toString)
            .containsExactly("instances[0].bitbucket.password: environment variable BB_PASSWORD (env:BB_PASSWORD) is not set (line 10)"));
    assertThat(ConfigLoader.load(file, Optional.of(new Secrets(Map.of("BB_PASSWORD", "x"))))).isNotNull();
  }

  @Test
  void unsafeSnapshotCombinationsAreRefusedWithTheReason() {
    String btrfsFrozen = VALID.replace(COMMAND_SNAPSHOT,
        "provider: btrfs\n        freeze: true");
    assertThat(problems(btrfsFrozen)).singleElement().asString()
        .startsWith("instances[0].home.snapshot.freeze: must not be true: freezing btrfs and then taking a btrfs snapshot deadlocks");
    String rsyncLive = VALID.replace(COMMAND_SNAPSHOT,
        "provider: rsync\n        target: /srv/copy");
    assertThat(problems(rsyncLive)).singleElement().asString()
        .startsWith("instances[0].home.snapshot.provider: rsync copies a live home file by file");
    assertThat(problems(rsyncLive.replace("  - name: prod\n", "  - name: prod\n    mode: locked\n"))).isEmpty();
    assertThat(problems(VALID.replace("maxFreeze: 15s", "maxFreeze: 15"))).containsExactly(
        "instances[0].home.snapshot.maxFreeze: expected a duration with a unit: 500ms, 30s, 5m, 4h or 1d (line 21)");
    assertThat(problems(VALID.replace("maxFreeze: 15s", "maxFreeze: 1h"))).containsExactly(
        "instances[0].home.snapshot.maxFreeze: at most 10m: Bitbucket's writes block while the home is frozen (line 21)");
  }

  @Test
  void eachProvidersOwnChecksReportTheirPathAndLine() {
    String lvm = VALID.replace(COMMAND_SNAPSHOT, "provider: lvm\n        volumes: [home]\n        freeze: true");
    assertThat(problems(lvm)).containsExactlyInAnyOrder(
        "instances[0].home.snapshot.volumes[0]: not a vg/lv name (line 19)",
        "instances[0].home.snapshot.size: required (line 17)",
        "instances[0].home.snapshot.freeze: must not be true: LVM suspends and freezes the device itself while it "
            + "takes the snapshot (line 20)");
    String zfs = VALID.replace(COMMAND_SNAPSHOT, "provider: zfs\n        datasets: []");
    assertThat(problems(zfs)).containsExactly("instances[0].home.snapshot.datasets: at least one dataset is required (line 19)");
    String fsLevel = VALID.replace("provider: postgresql\n      host: files\n      name: bitbucket\n      user: bitbucket\n"
        + "      backupRoot: /srv/backups", "provider: postgresql-fslevel\n      host: files\n      dataDirectory: /var/lib/pg");
    assertThat(problems(fsLevel)).containsExactly("instances[0].database.dataDirectory: must lie under one of the home "
        + "mounts, or the home snapshot does not capture it (line 25)");
  }

  @Test
  void recoveryObjectivesAreOptionalDurationsLongerThanZero() {
    String objectives = VALID.replace("    database:\n", "    rpo: 26h\n    verifyEvery: 7d\n    database:\n");
    RunbookConfig c = ConfigLoader.parse(Path.of("x.yaml"), objectives, Optional.empty());
    assertThat(c.instance("prod").orElseThrow().rpo()).isEqualTo(java.time.Duration.ofHours(26));
    assertThat(c.instance("prod").orElseThrow().verifyEvery()).isEqualTo(java.time.Duration.ofDays(7));
    assertThat(ConfigLoader.parse(Path.of("x.yaml"), VALID, Optional.empty()).instance("prod").orElseThrow().rpo()).isNull();
    assertThat(problems(objectives.replace("rpo: 26h", "rpo: 0s"))).singleElement().asString()
        .startsWith("instances[0].rpo: must be longer than zero");
    assertThat(problems(objectives.replace("verifyEvery: 7d", "verifyEvery: weekly"))).singleElement().asString()
        .startsWith("instances[0].verifyEvery: expected a duration with a unit");
  }

  @Test
  void requiredFieldsAndWrongTypes() {
    assertThat(problems("hosts: []\n")).containsExactly("instances: at least one instance is required");
    assertThat(problems("instances: prod\n")).containsExactly("instances: expected a list, found a text value (line 1)");
    String noBitbucket = VALID.replace("    bitbucket:\n      baseUrl: http://127.0.0.1:7990\n      username: admin\n      password: env:BB_PASSWORD\n", "");
    assertThat(problems(noBitbucket)).containsExactly("instances[0].bitbucket: required (line 6)");
    assertThat(problems(VALID.replace("http://127.0.0.1:7990", "bitbucket.example.com")))
        .containsExactly("instances[0].bitbucket.baseUrl: not an http(s) URL with a host, for example https://bitbucket.example.com (line 8)");
  }

  @Test
  void namesMustBeUniqueAndSafeForQueueNames() {
    assertThat(problems(VALID.replace("  - name: node1   # host\n", "  - name: files\n")))
        .contains("hosts[1].name: another host is already called 'files' (line 4)");
    assertThat(problems(VALID.replace("name: prod", "name: Prod_1"))).containsExactly(
        "instances[0].name: not a valid instance name: use lower-case letters, digits and '-' (at most 40) (line 6)");
  }

  @Test
  void sshHostsNeedTheirAccessDetails() {
    String ssh = VALID.replace("  - name: node1   # host\n", "  - name: node1\n    mode: ssh\n    ssh:\n      address: node1.example\n      keyFile: id_rsa\n");
    assertThat(problems(ssh)).containsExactlyInAnyOrder(
        "hosts[1].ssh.user: required (line 6)",
        "hosts[1].ssh.keyFile: not an absolute path (line 8)",
        "hosts[1].ssh.knownHostsFile: required (line 6)");
  }

  @Test
  void servicesDefaultToTheInstallersSystemdUnitsAndScriptsAreChecked() {
    InstanceConfig prod = ConfigLoader.parse(Path.of("x.yaml"), VALID, Optional.empty()).instance("prod").orElseThrow();
    assertThat(prod.services()).isEqualTo(new ServicesConfig.Systemd(List.of("atlbitbucket", "atlbitbucket_search")));
    String scripts = VALID.replace("  - name: prod\n", "  - name: prod\n    services: {provider: command, stop: stop.sh}\n");
    assertThat(problems(scripts)).containsExactlyInAnyOrder(
        "instances[0].services.stop: not an absolute path (line 7)",
        "instances[0].services.start: required (line 7)");
    assertThat(problems(VALID.replace("  - name: prod\n", "  - name: prod\n    services: {provider: upstart}\n")))
        .singleElement().asString().startsWith("instances[0].services.provider: unknown provider 'upstart' (one of: systemd, command)");
    assertThat(problems(VALID.replace("  - name: prod\n", "  - name: prod\n    services: {provider: systemd, units: ['bad unit']}\n")))
        .containsExactly("instances[0].services.units[0]: not a systemd unit name (line 7)");
  }

  @Test
  void yamlAliasesAreRefusedInPlainWords() {
    String yaml = VALID.replace("    bitbucket:\n", "    bitbucket: &bb\n") + "  - name: other\n    bitbucket: *bb\n";
    assertThat(problems(yaml)).containsExactly(
        "instances[1].bitbucket: YAML aliases (*name) are not supported: write the value out (line 29)");
  }

  @Test
  void catalogUrlMustNotCarryAPassword() {
    assertThat(problems("catalog:\n  url: jdbc:postgresql://h/db?password=abc\n" + VALID)).containsExactly(
        "catalog.url: must not hold a password; give it in catalog.password as env:NAME or file:/path (line 2)");
  }

  @Test
  void missingFileIsOneLine(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml")))
        .hasMessageEndingWith("nope.yaml: 1 problem: file not found");
  }

  static final String MIRRORS = """
      mirrors:
        - name: mirror-eu
          primary: prod
          baseUrl: https://mirror-eu.example.com
          username: admin
          password: env:MIRROR_PASSWORD
          mirrorId: B0F5-CS21-45C2-CCK3
          nodes: [{name: m1, host: node1}]
          recovery: {syncTimeout: 2h, pollInterval: 5s}
      """;

  @Test
  void mirrorsGetTheirDefaults() {
    RunbookConfig c = ConfigLoader.parse(Path.of("x.yaml"), VALID + MIRRORS, Optional.empty());
    MirrorConfig m = c.mirror("mirror-eu").orElseThrow();
    assertThat(m.services()).isEqualTo(new ServicesConfig.Systemd(List.of("atlbitbucket")));
    assertThat(m.autoRecover()).isFalse();
    assertThat(m.recovery().requireApproval()).isTrue();
    assertThat(m.recovery().syncTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(m.recovery().installTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(m.recovery().staleAfter()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void mirrorProblemsNameTheirField() {
    String bad = """
        mirrors:
          - name: prod
            primary: nowhere
            baseUrl: mirror-eu
            username: admin
            password: env:MIRROR_PASSWORD
            mirrorId: not-an-id
            nodes: [{name: m1, host: ghost}]
            restoreInstance: prod
            recovery: {installTimeout: 0s}
        """;
    assertThat(problems(VALID + bad)).anySatisfy(p -> assertThat(p).contains("mirrors[0].name").contains("already called 'prod'"))
        .anySatisfy(p -> assertThat(p).contains("mirrors[0].primary").contains("no instance named 'nowhere'"))
        .anySatisfy(p -> assertThat(p).contains("mirrors[0].baseUrl").contains("not an http(s) URL"))
        .anySatisfy(p -> assertThat(p).contains("mirrors[0].mirrorId").contains("a mirror id like"))
        .anySatisfy(p -> assertThat(p).contains("mirrors[0].nodes[0].host").contains("no host named 'ghost'"))
        .anySatisfy(p -> assertThat(p).contains("mirrors[0].recovery.installTimeout").contains("longer than zero"));
  }

  @Test
  void aMirrorCannotBeRestoredFromItsPrimary() {
    assertThat(problems(VALID + MIRRORS.replace("mirrorId: B0F5-CS21-45C2-CCK3", "restoreInstance: prod")))
        .anySatisfy(p -> assertThat(p).contains("mirrors[0].restoreInstance").contains("is the primary itself"));
  }

  @Test
  void anInlineMirrorPasswordIsRefusedWithoutEchoingIt() {
    List<String> found = problems(VALID + MIRRORS.replace("env:MIRROR_PASSWORD", "hunter2-mirror"));
    assertThat(found).anySatisfy(p -> assertThat(p).contains("mirrors[0].password"));
    assertThat(String.join("\n", found)).doesNotContain("hunter2-mirror");
  }

  @Test
  void twoEntriesForOneMirrorAndUnusableTimingsAreRefused() {
    String second = """
          - name: mirror-eu-again
            primary: prod
            baseUrl: https://mirror-eu.example.com/
            username: admin
            password: env:MIRROR_PASSWORD
            mirrorId: b0f5-cs21-45c2-cck3
            nodes: [{name: m1, host: node1, url: 'not a url'}]
            services: {provider: systemd}
            recovery: {pollInterval: 10m}
        """;
    assertThat(problems(VALID + MIRRORS + second))
        .anySatisfy(p -> assertThat(p).contains("mirrors[1].mirrorId").contains("another mirror already has the id"))
        .anySatisfy(p -> assertThat(p).contains("mirrors[1].baseUrl").contains("another mirror already has the base URL"))
        .anySatisfy(p -> assertThat(p).contains("mirrors[1].nodes[0].url").contains("not an http(s) URL"))
        .anySatisfy(p -> assertThat(p).contains("mirrors[1].recovery.pollInterval").contains("at most 5 min"));
  }

  @Test
  void systemdWithoutUnitsOnAMirrorMeansTheMirrorsOneUnit() {
    RunbookConfig c = ConfigLoader.parse(Path.of("x.yaml"), VALID + MIRRORS.replace("recovery: {syncTimeout: 2h, pollInterval: 5s}",
        "services: {provider: systemd}"), Optional.empty());
    assertThat(c.mirror("mirror-eu").orElseThrow().services()).isEqualTo(new ServicesConfig.Systemd(List.of("atlbitbucket")));
  }
}
