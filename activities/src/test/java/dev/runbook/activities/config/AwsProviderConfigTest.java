package dev.runbook.activities.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.database.rds.RdsConfig;
import dev.runbook.activities.home.ebs.EbsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ebs and rds providers' keys as `config validate` reads and checks them: defaults, and each problem with its path and line. */
class AwsProviderConfigTest {
  /** An instance with the ebs home, down to its snapshot's provider key (line 12); the snapshot's other keys follow. */
  static final String UP_TO_PROVIDER = """
      hosts:
        - name: files
          mode: local
      instances:
        - name: prod
          bitbucket: {baseUrl: 'http://127.0.0.1:7990', username: admin, password: env:BB_PASSWORD}
          nodes: [{name: node1, host: files}]
          home:
            host: files
            mounts: [/srv/bitbucket/shared]
            snapshot:
              provider: ebs
      """;

  static final String YAML = UP_TO_PROVIDER + """
              region: eu-west-1
              instanceId: i-0123456789abcdef0
              copyToRegion: eu-central-1
          database:
            provider: rds
            host: files
            region: eu-west-1
            dbInstanceIdentifier: bitbucket-db
      """;

  static RunbookConfig parse(String yaml) {
    return ConfigLoader.parse(Path.of("runbook.yaml"), yaml, Optional.empty());
  }

  static List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    return List.of();
  }

  @Test
  void validKeysAreReadWithTheirDefaults() {
    InstanceConfig prod = parse(YAML).instances().get(0);
    EbsConfig ebs = (EbsConfig) prod.home().snapshot();
    assertThat(ebs.provider()).isEqualTo("ebs");
    assertThat(ebs.freeze()).isTrue();
    assertThat(ebs.maxFreeze()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ebs.snapshotWait()).isEqualTo(Duration.ofHours(6));
    assertThat(ebs.volumeIds()).isEmpty();
    RdsConfig rds = (RdsConfig) prod.database();
    assertThat(rds.identifier()).isEqualTo("bitbucket-db");
    assertThat(rds.cluster()).isFalse();
    assertThat(rds.maxWait()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void badValuesAreReportedAtTheirPathAndLine() {
    String bad = UP_TO_PROVIDER + """
                region: Ireland
                instanceId: web01
                volumeIds: [vol-0123456789abcdef0, vol-1]
                endpoint: 'ftp://x'
                restoreVolume: {type: gp9}
                copyToRegion: Frankfurt
            database:
              provider: rds
              host: files
              region: eu-west-1
              dbInstanceIdentifier: bitbucket_db
              dbClusterIdentifier: aurora
        """;
    assertThat(problems(bad)).containsExactlyInAnyOrder(
        "instances[0].home.snapshot.region: not an AWS region such as eu-west-1 (line 13)",
        "instances[0].home.snapshot.instanceId: not an EC2 instance id such as i-0123456789abcdef0 (line 14)",
        "instances[0].home.snapshot.volumeIds[1]: not an EBS volume id such as vol-0123456789abcdef0 (line 15)",
        "instances[0].home.snapshot.volumeIds: lists 2 volumes for 1 mounts: give one per mount, in mount order, "
            + "or leave volumeIds out to find them from the mounts' devices (line 15)",
        "instances[0].home.snapshot.endpoint: must be an http(s) URL such as https://vpce-0abc.ec2.eu-west-1.vpce.amazonaws.com; "
            + "leave it out to use the region's own endpoint (line 16)",
        "instances[0].home.snapshot.restoreVolume.type: must be one of gp3, gp2, io1, io2, st1, sc1, standard (line 17)",
        "instances[0].home.snapshot.copyToRegion: not an AWS region such as eu-west-1 (line 18)",
        "instances[0].database.dbInstanceIdentifier: not an RDS identifier (a letter, then letters, digits and single "
            + "hyphens, at most 63 characters) (line 23)",
        "instances[0].database.dbClusterIdentifier: give exactly one of dbInstanceIdentifier (an RDS instance) and "
            + "dbClusterIdentifier (an Aurora cluster) (line 24)");
  }

  @Test
  void keysAreNeverAccepted() {
    assertThat(problems(YAML.replace("instanceId: i-0123456789abcdef0", "instanceId: i-0123456789abcdef0\n"
        + "        secretAccessKey: env:AWS_SECRET"))).singleElement().asString()
        .startsWith("instances[0].home.snapshot.secretAccessKey: unknown key");
  }
}
