package dev.runbook.activities.aws;

import dev.runbook.activities.config.ProviderChecks;
import java.net.URI;
import java.util.regex.Pattern;

/** Configuration checks the AWS providers share: regions and endpoint URLs. */
public final class AwsChecks {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  private AwsChecks() {}

  /** Reports a region that is absent (when {@code required}) or not of the form {@code eu-west-1}. */
  public static void region(ProviderChecks c, String key, String region, boolean required) {
    if (required && !c.require(key, region)) {
      return;
    }
    c.matches(key, region, REGION, "an AWS region such as eu-west-1");
  }

  /** Reports an endpoint that is not an absolute http(s) URL. */
  public static void endpoint(ProviderChecks c, String key, String endpoint) {
    if (endpoint == null) {
      return;
    }
    try {
      URI u = URI.create(endpoint);
      if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
        c.add(key, "must be an http(s) URL such as https://vpce-0abc.ec2.eu-west-1.vpce.amazonaws.com; "
            + "leave it out to use the region's own endpoint");
      }
    } catch (IllegalArgumentException e) {
      c.add(key, "is not a URL: " + e.getMessage());
    }
  }
}
