package dev.runbook.activities.database.rds;

import dev.runbook.activities.aws.AwsFailures;
import dev.runbook.activities.aws.Poll;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** {@link RdsKind} for RDS DB instances. */
final class DbInstances implements RdsKind {
  private final RdsClient rds;
  private final Poll poll;

  DbInstances(RdsClient rds, Poll poll) {
    this.rds = rds;
    this.poll = poll;
  }

  @Override
  public String noun() {
    return "DB instance";
  }

  @Override
  public Optional<RdsResource> describe(String id) {
    return instance(id).map(i -> new RdsResource(i.dbInstanceIdentifier(), i.dbInstanceArn(), i.dbInstanceStatus(),
        i.endpoint() == null ? null : i.endpoint().address(), RdsTags.of(rds, i.dbInstanceArn())));
  }

  Optional<DBInstance> instance(String id) {
    return AwsFailures.ifExists("DescribeDBInstances " + id, () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(id))
        .dbInstances().stream().findFirst().orElse(null));
  }

  @Override
  public void rename(String from, String to) {
    AwsFailures.call("ModifyDBInstance " + from + " -> " + to, () -> rds.modifyDBInstance(r -> r
        .dbInstanceIdentifier(from).newDBInstanceIdentifier(to).applyImmediately(true)));
  }

  @Override
  public void delete(String id) {
    AwsFailures.call("DeleteDBInstance " + id, () -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(id)
        .skipFinalSnapshot(true).deleteAutomatedBackups(true)));
  }

  @Override
  public void createSnapshot(String dbId, String snapshotId, Map<String, String> tags) {
    AwsFailures.call("CreateDBSnapshot of " + dbId, () -> rds.createDBSnapshot(r -> r.dbInstanceIdentifier(dbId)
        .dbSnapshotIdentifier(snapshotId).tags(RdsTags.list(tags))));
  }

  @Override
  public Optional<RdsResource> describeSnapshot(String snapshotId) {
    return AwsFailures.ifExists("DescribeDBSnapshots " + snapshotId, () -> rds.describeDBSnapshots(r -> r
        .dbSnapshotIdentifier(snapshotId)).dbSnapshots().stream().findFirst().orElse(null)).map(this::resource);
  }

  @Override
  public List<RdsResource> manualSnapshots() {
    return AwsFailures.call("DescribeDBSnapshots", () -> rds.describeDBSnapshotsPaginator(r -> r.snapshotType("manual"))
        .dbSnapshots().stream().map(this::resource).toList());
  }

  private RdsResource resource(DBSnapshot s) {
    return new RdsResource(s.dbSnapshotIdentifier(), s.dbSnapshotArn(), s.status(), null, RdsTags.of(rds, s.dbSnapshotArn()));
  }

  @Override
  public void deleteSnapshot(String snapshotId) {
    AwsFailures.ifExists("DeleteDBSnapshot " + snapshotId, () -> rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snapshotId)));
  }

  @Override
  public void restore(String currentId, String snapshotId, String newId, Map<String, String> tags, Consumer<String> progress) {
    if (instance(newId).isEmpty()) {
      DBInstance cur = instance(currentId).orElseThrow(() -> AwsFailures.refused("DB instance " + currentId + " does not exist"));
      AwsFailures.call("RestoreDBInstanceFromDBSnapshot " + snapshotId, () -> rds.restoreDBInstanceFromDBSnapshot(r -> r
          .dbInstanceIdentifier(newId).dbSnapshotIdentifier(snapshotId).dbInstanceClass(cur.dbInstanceClass())
          .dbSubnetGroupName(cur.dbSubnetGroup() == null ? null : cur.dbSubnetGroup().dbSubnetGroupName())
          .vpcSecurityGroupIds(cur.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList())
          .dbParameterGroupName(cur.dbParameterGroups().isEmpty() ? null : cur.dbParameterGroups().get(0).dbParameterGroupName())
          .multiAZ(cur.multiAZ()).port(cur.endpoint() == null ? null : cur.endpoint().port())
          .tags(RdsTags.list(tags))));
    }
    RdsDatabase.awaitAvailable(this, poll, newId, progress);
  }
}
