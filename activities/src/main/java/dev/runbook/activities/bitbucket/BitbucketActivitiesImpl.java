package dev.runbook.activities.bitbucket;

import dev.runbook.activities.config.ConfigActivitiesImpl;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketRequest;
import dev.runbook.workflows.bitbucket.BitbucketStatus;
import dev.runbook.workflows.bitbucket.BitbucketVersion;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link BitbucketActivities}: resolves the instance's URL and credentials, then calls {@link BitbucketClient}. */
public final class BitbucketActivitiesImpl implements BitbucketActivities {
  private static final Logger log = LoggerFactory.getLogger(BitbucketActivitiesImpl.class);

  private final ConfigSource config;
  private final Secrets secrets;
  private final HttpClient http = BitbucketClient.newHttpClient();

  public BitbucketActivitiesImpl(ConfigSource config, Secrets secrets) {
    this.config = config;
    this.secrets = secrets;
  }

  @Override
  public BitbucketStatus status(BitbucketRequest request) {
    BitbucketStatus s = call(request, BitbucketClient::status);
    log.info("{}: {} answered {} (HTTP {})", request.instance(), s.url(), s.state(), s.httpStatus());
    return s;
  }

  @Override
  public BitbucketVersion version(BitbucketRequest request) {
    BitbucketVersion v = call(request, BitbucketClient::applicationProperties);
    log.info("{}: {} {} (build {})", request.instance(), v.displayName(), v.version(), v.buildNumber());
    return v;
  }

  private <T> T call(BitbucketRequest request, Function<BitbucketClient, T> what) {
    InstanceConfig in = ConfigActivitiesImpl.instance(config, request.instance());
    InstanceConfig.BitbucketConfig bb = in.bitbucket();
    String password;
    try {
      password = secrets.resolve("instance " + in.name() + " bitbucket.password", bb.password());
    } catch (Secrets.MissingSecretException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.SECRET_MISSING);
    }
    try {
      return what.apply(new BitbucketClient(http, bb.baseUrl(), bb.username(), password));
    } catch (BitbucketException e) {
      if (e.retryable()) {
        throw ApplicationFailure.newFailure(e.getMessage(), e.type());
      }
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.type());
    }
  }
}
