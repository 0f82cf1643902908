package dev.runbook.activities.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * AWS SDK clients for one region. No credentials provider is set, so they come only from the SDK's
 * default chain (system properties, environment, web identity, profile, container or instance role):
 * runbook.yaml never holds keys. {@code endpoint} overrides the regional endpoint (private endpoints, or moto's server in tests).
 */
public final class AwsClients {
  private AwsClients() {}

  /** An EC2 client for {@code region}; {@code endpoint} may be null. */
  public static Ec2Client ec2(String region, String endpoint) {
    var b = Ec2Client.builder().region(Region.of(region)).httpClientBuilder(http());
    if (endpoint != null) {
      b.endpointOverride(URI.create(endpoint));
    }
    return b.build();
  }

  /** An RDS client for {@code region}; {@code endpoint} may be null. */
  public static RdsClient rds(String region, String endpoint) {
    var b = RdsClient.builder().region(Region.of(region)).httpClientBuilder(http());
    if (endpoint != null) {
      b.endpointOverride(URI.create(endpoint));
    }
    return b.build();
  }

  /** A builder, not a client: the SDK client then owns the HTTP client and closes it with itself. */
  private static SdkHttpClient.Builder<?> http() {
    // The JDK's HTTP stack: no Netty or Apache client in the product for a few calls a run.
    return UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60));
  }
}
