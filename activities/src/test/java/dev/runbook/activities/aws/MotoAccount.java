package dev.runbook.activities.aws;

import dev.runbook.testkit.MotoServer;
import java.time.Duration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * One moto server for a test class, reached with the real SDK through {@link AwsClients}. The
 * credentials come the way production's do, from the SDK's default chain (here its system
 * properties step): moto accepts any key. As a static {@code @RegisterExtension} field it stops the
 * server after the test class.
 */
public final class MotoAccount implements AutoCloseable, org.junit.jupiter.api.extension.AfterAllCallback {
  /** Polls every 50 ms for up to 2 minutes: moto completes most things at once. */
  public static final Poll POLL = new Poll(Duration.ofMillis(50), Duration.ofMinutes(2));

  public final MotoServer moto = MotoServer.start();

  public MotoAccount() {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
  }

  public String endpoint() {
    return moto.endpoint().toString();
  }

  public Ec2Client ec2(String region) {
    return AwsClients.ec2(region, endpoint());
  }

  /** Runs an emulated EC2 instance (CreateSnapshots needs one) and returns it. */
  public Instance runInstance(Ec2Client ec2) {
    return ec2.runInstances(r -> r.imageId("ami-0123456789abcdef0").minCount(1).maxCount(1).instanceType("m5.large")).instances().get(0);
  }

  /** Creates a volume in the instance's zone and attaches it as {@code device}; returns its id. */
  public String attachNewVolume(Ec2Client ec2, Instance instance, String device) {
    String id = ec2.createVolume(r -> r.availabilityZone(instance.placement().availabilityZone()).size(10)
        .volumeType(VolumeType.GP3).iops(3000).throughput(125)).volumeId();
    ec2.attachVolume(r -> r.volumeId(id).instanceId(instance.instanceId()).device(device));
    return id;
  }

  public software.amazon.awssdk.services.rds.RdsClient rds(String region) {
    return AwsClients.rds(region, endpoint());
  }

  @Override
  public void close() {
    moto.close();
  }

  @Override
  public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
    close();
  }
}
