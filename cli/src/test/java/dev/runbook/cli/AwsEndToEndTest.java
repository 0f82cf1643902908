package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.aws.AwsClients;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.MotoServer;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * A zero-downtime backup and a restore round trip with the {@code ebs} home and the {@code rds}
 * database: the real AWS SDK against moto's server, Temporal's real server and workers, a real ext4
 * home on a loop device standing in for the attached EBS volume. moto keeps no volume data, so a
 * test thread plays EBS and udev: the restored volume, once attached, is linked (under the name EC2's
 * NVMe devices get) to a loop device holding the home as it was snapshotted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsEndToEndTest {
  static LoopFilesystems fs;
  static MotoServer moto;
  static SimulatedBitbucket bitbucket;
  static LocalStack stack;
  static Ec2Client ec2;
  static RdsClient rds;
  static Instance instance;
  static String volume;
  static Path dir;
  static Path byId;
  static Path image;
  static Path home;
  static Path config;
  static Path catalogFile;
  static String point;

  @BeforeAll
  static void start() throws Exception {
    fs = TestStacks.loopFilesystems("AWS end-to-end tests skipped");
    dir = fs.dir();
    moto = MotoServer.start();
    // The SDK's default credential chain, as in production; moto takes any key.
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    byId = Files.createDirectories(dir.resolve("by-id"));
    System.setProperty("runbook.ebs.deviceDir", byId.toString());
    System.setProperty("runbook.aws.pollMillis", "100");
    ec2 = AwsClients.ec2("us-east-1", moto.endpoint().toString());
    rds = AwsClients.rds("us-east-1", moto.endpoint().toString());
    instance = ec2.runInstances(r -> r.imageId("ami-0123456789abcdef0").minCount(1).maxCount(1).instanceType("m5.large"))
        .instances().get(0);
    volume = ec2.createVolume(r -> r.availabilityZone(instance.placement().availabilityZone()).size(10).volumeType("gp3"))
        .volumeId();
    ec2.attachVolume(r -> r.volumeId(volume).instanceId(instance.instanceId()).device("/dev/sdf"));
    image = fs.ext4Image(dir.resolve("home.img"), 64);
    Path device = fs.loopDevice(image);
    link(volume, device);
    home = fs.mountDevice(device, dir.resolve("home"));
    Files.writeString(home.resolve("repositories.txt"), "at backup time");
    database();

    bitbucket = SimulatedBitbucket.start(dir);
    String services = bitbucket.services(Duration.ofMillis(500), null);
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts: [{name: local, mode: local}]
        instances:
          - name: prod
            mode: zero-downtime
            bitbucket: %1$s
            nodes: [{name: node1, host: local}]
            home:
              host: local
              mounts: [%2$s]
              snapshot: {provider: ebs, region: us-east-1, instanceId: %3$s, endpoint: '%4$s', maxFreeze: 20s}
            database: {provider: rds, host: local, region: us-east-1, dbInstanceIdentifier: bitbucket-db, endpoint: '%4$s'}
            services: %5$s
            restore: {requireApproval: false, stopTimeout: 30s, startTimeout: 60s}
        """.formatted(bitbucket.yaml(), home, instance.instanceId(), moto.endpoint(), services));
    catalogFile = dir.resolve("catalog.db");
    stack = TestStacks.local(config, catalogFile);
  }

  /** The database Bitbucket uses, in its own subnet group, security group and parameter group. */
  static void database() {
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
    String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("us-east-1b")).subnet().subnetId();
    String sg = ec2.createSecurityGroup(r -> r.groupName("bitbucket-db").description("db").vpcId(vpc)).groupId();
    rds.createDBSubnetGroup(r -> r.dbSubnetGroupName("bitbucket-subnets").dbSubnetGroupDescription("db").subnetIds(a, b));
    rds.createDBParameterGroup(r -> r.dbParameterGroupName("bitbucket-params").dbParameterGroupFamily("postgres15")
        .description("db"));
    rds.createDBInstance(r -> r.dbInstanceIdentifier("bitbucket-db").engine("postgres").dbInstanceClass("db.m5.large")
        .allocatedStorage(20).masterUsername("bitbucket").masterUserPassword("not-a-secret-1")
        .dbSubnetGroupName("bitbucket-subnets").vpcSecurityGroupIds(sg).dbParameterGroupName("bitbucket-params")
        .tags(Tag.builder().key("origin").value("original").build()));
  }

  static void link(String volumeId, Path device) throws Exception {
    Path link = byId.resolve("nvme-Amazon_Elastic_Block_Store_" + volumeId.replace("-", ""));
    if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, device);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("runbook.ebs.deviceDir");
    System.clearProperty("runbook.aws.pollMillis");
    if (ec2 != null) {
      ec2.close();
      rds.close();
    }
    TestStacks.closeAll(stack, bitbucket, moto, fs);
  }

  static Cli runbook(String... args) {
    return Cli.run(TestFiles.withConfig(config, stack.target().target(), args));
  }

  static Map<String, String> tags(Snapshot s) {
    return s.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
  }

  @Test
  @Order(1)
  void aZeroDowntimeBackupTakesATaggedVolumeSnapshotAndADatabaseSnapshot() {
    Cli r = runbook("backup", "--instance", "prod", "--follow");
    assertThat(r.exit()).as(r.all()).isZero();
    Matcher m = Pattern.compile(": restore point (prod-\\d{8}T\\d{6}Z)").matcher(r.out());
    assertThat(m.find()).as(r.all()).isTrue();
    point = m.group(1);
    assertThat(r.out())
        .containsPattern("ok\\s+snapshot home \\[local\\].*frozen \\d+ ms")
        .containsPattern("home:" + Pattern.quote(home.toString()) + "\\s+home-snapshot\\s+local\\s+-\\s+us-east-1/snap-")
        .containsPattern("db\\s+db-dump\\s+local\\s+-\\s+us-east-1/runbook-" + Pattern.quote(point.toLowerCase()));
    Snapshot snap = ec2.describeSnapshots(s -> s.ownerIds("self")).snapshots().stream()
        .filter(s -> s.volumeId().equals(volume)).findFirst().orElseThrow();
    assertThat(tags(snap)).containsEntry("runbook:instance", "prod").containsEntry("runbook:restore-point", point);
    assertThat(rds.describeDBSnapshots(s -> s.dbSnapshotIdentifier("runbook-" + point.toLowerCase())).dbSnapshots().get(0)
        .status()).isEqualTo("available");
  }

  @Test
  @Order(2)
  void aRestoreSwapsInTheSnapshotsVolumeAndDatabaseKeepingTheCurrentOnes() throws Exception {
    assertThat(point).as("the backup ran").isNotNull();
    // The snapshot's data, as EBS would keep it: nothing wrote to the home since the backup.
    Path restoredDevice = fs.loopDevice(Files.copy(image, dir.resolve("restored.img")));
    Files.writeString(home.resolve("repositories.txt"), "changed after the backup");
    Thread udev = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        ec2.describeVolumes(r -> r.filters(f -> f.name("tag-key").values("runbook:from-snapshot"))).volumes().stream()
            .filter(v -> !v.attachments().isEmpty()).forEach(v -> {
              try {
                link(v.volumeId(), restoredDevice);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "udev");
    udev.setDaemon(true);
    udev.start();
    Cli r;
    try {
      r = runbook("restore", "--instance", "prod", "--replace-database", "--follow");
    } finally {
      udev.interrupt();
    }

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("prod: restored to " + point);
    assertThat(Files.readString(home.resolve("repositories.txt"))).isEqualTo("at backup time");
    var kept = ec2.describeVolumes(v -> v.volumeIds(volume)).volumes().get(0);
    assertThat(kept.attachments()).isEmpty();
    assertThat(kept.tags()).anyMatch(t -> t.key().equals("runbook:kept-by-run"));
    var db = rds.describeDBInstances(d -> d.dbInstanceIdentifier("bitbucket-db")).dbInstances().get(0);
    assertThat(rds.listTagsForResource(t -> t.resourceName(db.dbInstanceArn())).tagList())
        .anyMatch(t -> t.key().equals("runbook:restore-point") && t.value().equals(point));
    assertThat(db.endpoint().address()).startsWith("bitbucket-db.");
    assertThat(rds.describeDBInstances().dbInstances()).extracting(i -> i.dbInstanceIdentifier())
        .anyMatch(id -> id.startsWith("bitbucket-db-kept-"));
  }
}
