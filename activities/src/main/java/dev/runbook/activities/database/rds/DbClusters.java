package dev.runbook.activities.database.rds;

import dev.runbook.activities.aws.AwsFailures;
import dev.runbook.activities.aws.Poll;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * {@link RdsKind} for Aurora DB clusters. RestoreDBClusterFromSnapshot restores only the cluster:
 * its instances ({@code <cluster>-1}, {@code -2}, ..., one per instance of the current cluster, same
 * classes) are created once it is available.
 */
final class DbClusters implements RdsKind {
  private final RdsClient rds;
  private final DbInstances instances;
  private final Poll poll;

  DbClusters(RdsClient rds, Poll poll) {
    this.rds = rds;
    this.instances = new DbInstances(rds, poll);
    this.poll = poll;
  }

  @Override
  public String noun() {
    return "DB cluster";
  }

  @Override
  public Optional<RdsResource> describe(String id) {
    return cluster(id).map(c -> new RdsResource(c.dbClusterIdentifier(), c.dbClusterArn(), c.status(), c.endpoint(),
        RdsTags.of(rds, c.dbClusterArn())));
  }

  Optional<DBCluster> cluster(String id) {
    return AwsFailures.ifExists("DescribeDBClusters " + id, () -> rds.describeDBClusters(r -> r.dbClusterIdentifier(id))
        .dbClusters().stream().findFirst().orElse(null));
  }

  @Override
  public void rename(String from, String to) {
    AwsFailures.call("ModifyDBCluster " + from + " -> " + to, () -> rds.modifyDBCluster(r -> r
        .dbClusterIdentifier(from).newDBClusterIdentifier(to).applyImmediately(true)));
  }

  @Override
  public void delete(String id) {
    Optional<DBCluster> c = cluster(id);
    if (c.isEmpty()) {
      return;
    }
    for (DBClusterMember m : c.get().dbClusterMembers()) {
      AwsFailures.call("DeleteDBInstance " + m.dbInstanceIdentifier(), () -> rds.deleteDBInstance(r -> r
          .dbInstanceIdentifier(m.dbInstanceIdentifier()).skipFinalSnapshot(true)));
    }
    AwsFailures.call("DeleteDBCluster " + id, () -> rds.deleteDBCluster(r -> r.dbClusterIdentifier(id).skipFinalSnapshot(true)));
  }

  @Override
  public void createSnapshot(String dbId, String snapshotId, Map<String, String> tags) {
    AwsFailures.call("CreateDBClusterSnapshot of " + dbId, () -> rds.createDBClusterSnapshot(r -> r
        .dbClusterIdentifier(dbId).dbClusterSnapshotIdentifier(snapshotId).tags(RdsTags.list(tags))));
  }

  @Override
  public Optional<RdsResource> describeSnapshot(String snapshotId) {
    return AwsFailures.ifExists("DescribeDBClusterSnapshots " + snapshotId, () -> rds.describeDBClusterSnapshots(r -> r
        .dbClusterSnapshotIdentifier(snapshotId)).dbClusterSnapshots().stream().findFirst().orElse(null)).map(this::resource);
  }

  @Override
  public List<RdsResource> manualSnapshots() {
    return AwsFailures.call("DescribeDBClusterSnapshots", () -> rds.describeDBClusterSnapshotsPaginator(r -> r
        .snapshotType("manual")).dbClusterSnapshots().stream().map(this::resource).toList());
  }

  private RdsResource resource(DBClusterSnapshot s) {
    return new RdsResource(s.dbClusterSnapshotIdentifier(), s.dbClusterSnapshotArn(), s.status(), null,
        RdsTags.of(rds, s.dbClusterSnapshotArn()));
  }

  @Override
  public void deleteSnapshot(String snapshotId) {
    AwsFailures.ifExists("DeleteDBClusterSnapshot " + snapshotId, () -> rds.deleteDBClusterSnapshot(r -> r
        .dbClusterSnapshotIdentifier(snapshotId)));
  }

  @Override
  public void restore(String currentId, String snapshotId, String newId, Map<String, String> tags, Consumer<String> progress) {
    DBCluster cur = cluster(currentId).orElseThrow(() -> AwsFailures.refused("DB cluster " + currentId + " does not exist"));
    if (cluster(newId).isEmpty()) {
      AwsFailures.call("RestoreDBClusterFromSnapshot " + snapshotId, () -> rds.restoreDBClusterFromSnapshot(r -> r
          .dbClusterIdentifier(newId).snapshotIdentifier(snapshotId).engine(cur.engine()).engineVersion(cur.engineVersion())
          .dbSubnetGroupName(cur.dbSubnetGroup())
          .vpcSecurityGroupIds(cur.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList())
          .dbClusterParameterGroupName(cur.dbClusterParameterGroup()).port(cur.port())
          .tags(RdsTags.list(tags))));
    }
    RdsDatabase.awaitAvailable(this, poll, newId, progress);
    List<DBClusterMember> members = cur.dbClusterMembers();
    for (int i = 0; i < members.size(); i++) {
      String member = members.get(i).dbInstanceIdentifier();
      String id = newId + "-" + (i + 1);
      if (instances.instance(id).isEmpty()) {
        var like = instances.instance(member).orElseThrow(() -> AwsFailures.refused("DB instance " + member + " of "
            + currentId + " does not exist"));
        AwsFailures.call("CreateDBInstance " + id + " in " + newId, () -> rds.createDBInstance(r -> r
            .dbInstanceIdentifier(id).dbClusterIdentifier(newId).engine(cur.engine()).dbInstanceClass(like.dbInstanceClass())
            .dbParameterGroupName(like.dbParameterGroups().isEmpty() ? null : like.dbParameterGroups().get(0).dbParameterGroupName())
            .tags(RdsTags.list(tags))));
      }
      RdsDatabase.awaitAvailable(instances, poll, id, progress);
    }
  }
}
