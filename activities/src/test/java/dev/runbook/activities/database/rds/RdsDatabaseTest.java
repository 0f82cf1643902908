package dev.runbook.activities.database.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.aws.MotoAccount;
import dev.runbook.activities.aws.RunLabels;
import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS instances and Aurora clusters with the real SDK against moto's server: snapshots, retention, restore by renames, undo. */
class RdsDatabaseTest {
  static final String STAMP = "20261130040000";
  @RegisterExtension
  static final MotoAccount aws = new MotoAccount();
  RdsClient rds;
  String securityGroup;

  @BeforeEach
  void network() {
    aws.moto.reset();
    rds = aws.rds("us-east-1");
    try (Ec2Client ec2 = aws.ec2("us-east-1")) {
      String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
      String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
      String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("us-east-1b")).subnet().subnetId();
      securityGroup = ec2.createSecurityGroup(r -> r.groupName("bitbucket-db").description("db").vpcId(vpc)).groupId();
      rds.createDBSubnetGroup(r -> r.dbSubnetGroupName("bitbucket-subnets").dbSubnetGroupDescription("db").subnetIds(a, b));
    }
    rds.createDBParameterGroup(r -> r.dbParameterGroupName("bitbucket-params").dbParameterGroupFamily("postgres15")
        .description("db"));
  }

  void instance(String id) {
    rds.createDBInstance(r -> r.dbInstanceIdentifier(id).engine("postgres").dbInstanceClass("db.m5.large")
        .allocatedStorage(20).masterUsername("bitbucket").masterUserPassword("not-a-secret-1")
        .dbSubnetGroupName("bitbucket-subnets").vpcSecurityGroupIds(securityGroup).dbParameterGroupName("bitbucket-params")
        .tags(Tag.builder().key("origin").value("original").build()));
  }

  RdsDatabase db(String id, String cluster) {
    return RdsDatabase.of(rds, new RdsConfig("local", "us-east-1", id, cluster, aws.endpoint(), Duration.ofMinutes(2)),
        Duration.ofMillis(50));
  }

  static Map<String, String> tags(RdsClient rds, String arn) {
    return rds.listTagsForResource(r -> r.resourceName(arn)).tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  @Test
  void snapshotsAreTaggedAndRetentionTakesOnlyTheExactInstancesRestorePoint() {
    instance("bitbucket-db");
    instance("bitbucket-db-2");
    RdsDatabase prod = db("bitbucket-db", null);
    RdsDatabase prod2 = db("bitbucket-db-2", null);
    List<String> progress = new ArrayList<>();
    String old = prod.snapshot(new RunLabels("prod", "prod-20261129T030000Z", "run-1"), progress::add);
    String kept = prod.snapshot(new RunLabels("prod", "prod-20261130T030000Z", "run-2"), progress::add);
    String other = prod2.snapshot(new RunLabels("prod-2", "prod-2-20261129T030000Z", "run-3"), progress::add);
    assertThat(old).isEqualTo("runbook-prod-20261129t030000z");
    var snap = rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(old)).dbSnapshots().get(0);
    assertThat(snap.status()).isEqualTo("available");
    assertThat(tags(rds, snap.dbSnapshotArn())).containsEntry("runbook:instance", "prod")
        .containsEntry("runbook:restore-point", "prod-20261129T030000Z").containsEntry("runbook:run", "run-1");
    // A retried snapshot step finds its own snapshot; another run's is refused.
    assertThat(prod.snapshot(new RunLabels("prod", "prod-20261129T030000Z", "run-1"), progress::add)).isEqualTo(old);
    assertThatThrownBy(() -> prod.snapshot(new RunLabels("prod", "prod-20261129T030000Z", "run-9"), p -> { }))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue());

    assertThat(prod.deleteRestorePoint("prod", "prod-20261129T030000Z")).containsExactly(old);
    assertThat(prod.deleteRun("prod", "run-3")).as("run-3 made prod-2's snapshot, not prod's").isEmpty();
    assertThat(rds.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots())
        .extracting(s -> s.dbSnapshotIdentifier()).containsExactlyInAnyOrder(kept, other);
    assertThat(prod2.deleteRun("prod-2", "run-3")).containsExactly(other);
  }

  @Test
  void aRestoreSwapsByRenamesKeepsTheCurrentInstanceAndUndoPutsItBack() {
    instance("bitbucket-db");
    RdsDatabase db = db("bitbucket-db", null);
    RunLabels backup = new RunLabels("prod", "prod-20261129T030000Z", "backup-run");
    String snapshot = db.snapshot(backup, p -> { });
    RunLabels restore = new RunLabels("prod", "prod-20261129T030000Z", "restore-run");
    assertThat(db.planRestore(snapshot, STAMP)).hasSize(2);

    List<String> progress = new ArrayList<>();
    RdsDatabase.Names n = db.restore(snapshot, restore, STAMP, progress::add);

    DBInstance now = describe("bitbucket-db");
    assertThat(tags(rds, now.dbInstanceArn())).containsEntry("runbook:run", "restore-run").doesNotContainKey("origin");
    assertThat(now.endpoint().address()).startsWith("bitbucket-db.");
    assertThat(now.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("bitbucket-subnets");
    assertThat(now.vpcSecurityGroups()).extracting(g -> g.vpcSecurityGroupId()).containsExactly(securityGroup);
    assertThat(now.dbParameterGroups()).extracting(g -> g.dbParameterGroupName()).containsExactly("bitbucket-params");
    DBInstance kept = describe(n.kept());
    assertThat(n.kept()).isEqualTo("bitbucket-db-kept-" + STAMP);
    assertThat(tags(rds, kept.dbInstanceArn())).containsEntry("origin", "original").containsEntry("runbook:kept-by-run", "restore-run");
    // Retried after it finished, the step changes nothing.
    db.restore(snapshot, restore, STAMP, p -> { });
    assertThat(tags(rds, describe("bitbucket-db").dbInstanceArn())).containsEntry("runbook:run", "restore-run");

    db.undo(restore, STAMP, p -> { });

    DBInstance back = describe("bitbucket-db");
    assertThat(tags(rds, back.dbInstanceArn())).containsEntry("origin", "original").doesNotContainKey("runbook:kept-by-run");
    assertThat(back.endpoint().address()).startsWith("bitbucket-db.");
    assertThat(rds.describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
        .as("the restored copy is deleted, the kept name is free").containsExactly("bitbucket-db");
  }

  @Test
  void aRestoreRefusesAnIdentifierInUseWhichMotoWouldAllow() {
    instance("bitbucket-db");
    instance("bitbucket-db-kept-" + STAMP);
    RdsDatabase db = db("bitbucket-db", null);
    String snapshot = db.snapshot(new RunLabels("prod", "prod-20261129T030000Z", "backup-run"), p -> { });
    assertThatThrownBy(() -> db.planRestore(snapshot, STAMP)).hasMessageContaining("bitbucket-db-kept-" + STAMP)
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.AWS_REFUSED);
          assertThat(f.isNonRetryable()).isTrue();
        });
    RunLabels restore = new RunLabels("prod", "prod-20261129T030000Z", "restore-run");
    assertThatThrownBy(() -> db.restore(snapshot, restore, STAMP, p -> { })).hasMessageContaining("was not kept by run");
    assertThat(tags(rds, describe("bitbucket-db").dbInstanceArn())).containsEntry("origin", "original");
    db.undo(restore, STAMP, p -> { });
    assertThat(rds.describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
        .as("undo deleted the copy it restored and nothing else").containsExactlyInAnyOrder("bitbucket-db", "bitbucket-db-kept-" + STAMP);
  }

  @Test
  void anAuroraClusterIsRestoredWithItsInstancesSwappedAndPutBack() {
    rds.createDBCluster(r -> r.dbClusterIdentifier("bitbucket-aurora").engine("aurora-postgresql")
        .masterUsername("bitbucket").masterUserPassword("not-a-secret-1").dbSubnetGroupName("bitbucket-subnets")
        .vpcSecurityGroupIds(securityGroup).tags(Tag.builder().key("origin").value("original").build()));
    for (String i : List.of("bitbucket-aurora-a", "bitbucket-aurora-b")) {
      rds.createDBInstance(r -> r.dbInstanceIdentifier(i).dbClusterIdentifier("bitbucket-aurora").engine("aurora-postgresql")
          .dbInstanceClass("db.r6g.large"));
    }
    RdsDatabase db = db(null, "bitbucket-aurora");
    String snapshot = db.snapshot(new RunLabels("prod", "prod-20261129T030000Z", "backup-run"), p -> { });
    assertThat(tags(rds, rds.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(snapshot)).dbClusterSnapshots()
        .get(0).dbClusterSnapshotArn())).containsEntry("runbook:restore-point", "prod-20261129T030000Z");
    RunLabels restore = new RunLabels("prod", "prod-20261129T030000Z", "restore-run");

    RdsDatabase.Names n = db.restore(snapshot, restore, STAMP, p -> { });

    DBCluster now = cluster("bitbucket-aurora");
    assertThat(tags(rds, now.dbClusterArn())).containsEntry("runbook:run", "restore-run");
    assertThat(now.endpoint()).startsWith("bitbucket-aurora.");
    assertThat(now.dbSubnetGroup()).isEqualTo("bitbucket-subnets");
    // The restored cluster got one instance per instance of the current one, of the same class. (Its
    // member list is not checked: moto's rename leaves instances pointing at the old cluster name.)
    for (String i : List.of(n.restored() + "-1", n.restored() + "-2")) {
      assertThat(describe(i).dbInstanceClass()).isEqualTo("db.r6g.large");
      assertThat(tags(rds, describe(i).dbInstanceArn())).containsEntry("runbook:run", "restore-run");
    }
    assertThat(tags(rds, cluster(n.kept()).dbClusterArn())).containsEntry("origin", "original");

    db.undo(restore, STAMP, p -> { });

    assertThat(tags(rds, cluster("bitbucket-aurora").dbClusterArn())).containsEntry("origin", "original")
        .doesNotContainKey("runbook:kept-by-run");
    assertThat(rds.describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
        .containsExactly("bitbucket-aurora");
  }

  DBInstance describe(String id) {
    return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
  }

  DBCluster cluster(String id) {
    return rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0);
  }
}
