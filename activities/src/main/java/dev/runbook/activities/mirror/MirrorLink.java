package dev.runbook.activities.mirror;

import dev.runbook.activities.bitbucket.BitbucketClient;
import dev.runbook.activities.bitbucket.BitbucketCalls;
import dev.runbook.activities.bitbucket.MirroringClient;
import dev.runbook.activities.bitbucket.MirroringClient.MirrorServer;
import dev.runbook.activities.config.ConfigActivitiesImpl;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.MirrorConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.mirror.MirrorInspection.PendingRequest;
import dev.runbook.workflows.mirror.MirrorUrls;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One mirror as its activities reach it: its configuration, a {@link MirroringClient} holding the
 * resolved credentials of the mirror and its primary, and how this mirror is told apart from others
 * (its id, else its base URL).
 */
final class MirrorLink {
  final MirrorConfig config;
  final MirroringClient client;
  private final HttpClient http;
  private final String password;

  private MirrorLink(MirrorConfig config, MirroringClient client, HttpClient http, String password) {
    this.config = config;
    this.client = client;
    this.http = http;
    this.password = password;
  }

  /** A client of one node's own URL (mirror side only), with the mirror's credentials. */
  MirroringClient node(String url) {
    return new MirroringClient(null, new BitbucketClient(http, url, config.username(), password));
  }

  /** Resolves the mirror and both sets of credentials inside the activity; secrets never leave this object. */
  static MirrorLink open(ConfigSource source, Secrets secrets, HttpClient http, String mirror) {
    MirrorConfig m = ConfigActivitiesImpl.mirror(source, mirror);
    InstanceConfig primary = ConfigActivitiesImpl.instance(source, m.primary());
    BitbucketClient p = primaryClient(secrets, http, primary);
    String password = BitbucketCalls.secret(secrets, "mirror " + m.name() + " password", m.password());
    return new MirrorLink(m, new MirroringClient(p, new BitbucketClient(http, m.baseUrl(), m.username(), password)), http,
        password);
  }

  /** A client of an instance's REST API with its admin credentials. */
  static BitbucketClient primaryClient(Secrets secrets, HttpClient http, InstanceConfig in) {
    return BitbucketCalls.client(secrets, http, in);
  }

  /** Runs a REST call, turning a {@link dev.runbook.activities.bitbucket.BitbucketException} into a typed activity failure. */
  static <T> T rest(Supplier<T> call) {
    return BitbucketCalls.typed(call);
  }

  /** This mirror's id: the one a step already knew, else the configured one, else the record with its base URL. */
  String id(String known, List<MirrorServer> servers) {
    if (known != null) {
      return known;
    }
    if (config.mirrorId() != null) {
      return config.mirrorId();
    }
    return servers.stream().filter(s -> sameUrl(s.baseUrl(), config.baseUrl())).map(MirrorServer::id).findFirst().orElse(null);
  }

  /** The primary's record of this mirror: by id when known, else by base URL. */
  Optional<MirrorServer> record(String id, List<MirrorServer> servers) {
    return servers.stream().filter(s -> id != null ? id.equalsIgnoreCase(s.id()) : sameUrl(s.baseUrl(), config.baseUrl()))
        .findFirst();
  }

  /** True when a request comes from this mirror: the same id or the same base URL. */
  boolean mine(PendingRequest r, String id) {
    return (id != null && id.equalsIgnoreCase(r.mirrorId())) || sameUrl(r.mirrorBaseUrl(), config.baseUrl());
  }

  /** Compares base URLs as Bitbucket stores them. */
  static boolean sameUrl(String a, String b) {
    return MirrorUrls.same(a, b);
  }
}
