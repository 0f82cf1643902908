package dev.runbook.activities.config;

import dev.runbook.workflows.config.BackupMode;
import java.util.List;

/**
 * One Bitbucket Data Center instance.
 *
 * @param name lower-case letters, digits and '-'; labels its restore points and runs
 * @param mode {@code zero-downtime} (the default) or {@code locked}
 * @param bitbucket its REST API and admin credentials
 * @param nodes its application nodes and the host each runs on
 * @param home its shared home: the host owning the mounts, the mounts, and how to snapshot them
 * @param database its database and how to back it up
 * @param services how its services are stopped and started on each node; systemd with
 *     {@code atlbitbucket} and {@code atlbitbucket_search} when absent
 * @param retention how many restore points to keep
 * @param notifications where to report outcomes
 * @param drainTimeout locked mode: how long Bitbucket may take to drain before the backup gives up; 10 minutes when absent
 * @param restore how restores run: approval, failure handling, integrity check, timeouts
 * @param rpo the recovery point objective: the newest complete restore point may be at most this old
 *     ({@code runbook status} exits 1 when it is older); none when absent
 * @param verifyEvery how often a restore point must be proven to restore ({@code runbook status} exits 1
 *     when the last verification is older, or there is none); none when absent
 * @param backupDeadline how long a backup may run, counted once its configuration is read; when it passes, the
 *     backup stops and cleans up (Bitbucket unlocked, what it made deleted, its restore point FAILED); 24 h when absent
 * @param verify what {@code runbook verify} checks: key tables, repository sample
 * @param mesh its Bitbucket Mesh nodes, each with its own host, home and service; none when absent
 */
public record InstanceConfig(String name, BackupMode mode, BitbucketConfig bitbucket, List<NodeConfig> nodes,
                             HomeConfig home, DatabaseConfig database, ServicesConfig services,
                             RetentionConfig retention, NotificationsConfig notifications, java.time.Duration drainTimeout,
                             RestoreConfig restore, java.time.Duration rpo, java.time.Duration verifyEvery,
                             java.time.Duration backupDeadline, VerifyConfig verify,
                             List<MeshNodeConfig> mesh) {
  public InstanceConfig {
    mode = mode == null ? BackupMode.ZERO_DOWNTIME : mode;
    nodes = nodes == null ? List.of() : nodes;
    services = services == null ? ServicesConfig.defaults() : services;
    retention = retention == null ? new RetentionConfig(null) : retention;
    notifications = notifications == null ? new NotificationsConfig(null) : notifications;
    drainTimeout = drainTimeout == null ? java.time.Duration.ofMinutes(10) : drainTimeout;
    restore = restore == null ? RestoreConfig.defaults() : restore;
    backupDeadline = backupDeadline == null ? java.time.Duration.ofHours(24) : backupDeadline;
    verify = verify == null ? VerifyConfig.defaults() : verify;
    mesh = mesh == null ? List.of() : mesh;
  }

  /** The Mesh node called {@code name}. */
  public java.util.Optional<MeshNodeConfig> meshNode(String name) {
    return mesh.stream().filter(m -> name.equals(m.name())).findFirst();
  }

  /**
   * This instance as a Mesh node's home and service steps see it: the node's home and services in place
   * of the shared home's and Bitbucket's, so that every home provider works on a Mesh home unchanged.
   */
  public InstanceConfig asMeshNode(MeshNodeConfig node) {
    return new InstanceConfig(name, mode, bitbucket, List.of(new NodeConfig(node.name(), node.host())), node.home(),
        database, node.services(), retention, notifications, drainTimeout, restore, rpo, verifyEvery, backupDeadline,
        verify, List.of());
  }

  /** The bitbucket.properties a restore edits for the integrity check. */
  public String propertiesFile() {
    return restore.propertiesFile() != null ? restore.propertiesFile() : home.mounts().get(0) + "/bitbucket.properties";
  }

  /**
   * Bitbucket's REST API.
   *
   * @param baseUrl for example {@code https://bitbucket.example.com} (a context path is allowed)
   * @param username an account with SYS_ADMIN permission
   * @param password its password by reference
   */
  public record BitbucketConfig(String baseUrl, String username, SecretRef password) {}

  /** An application node and the host (from {@code hosts}) it runs on. */
  public record NodeConfig(String name, String host) {}

  /** The node called {@code name}. */
  public java.util.Optional<NodeConfig> node(String name) {
    return nodes.stream().filter(n -> name.equals(n.name())).findFirst();
  }

  /**
   * The shared home.
   *
   * @param host the host that owns the mounts (the file server); home steps run there
   * @param mounts absolute mount points to snapshot together
   * @param snapshot the snapshot provider
   */
  public record HomeConfig(String host, List<String> mounts, SnapshotConfig snapshot) {
    public HomeConfig {
      mounts = mounts == null ? List.of() : mounts;
    }
  }

  /** @param keep how many complete restore points to keep; 7 when absent */
  public record RetentionConfig(Integer keep) {
    public RetentionConfig {
      keep = keep == null ? 7 : keep;
    }
  }

  /** @param webhooks each receives a JSON message (Slack-compatible {@code text}) on success and failure */
  public record NotificationsConfig(List<WebhookConfig> webhooks) {
    public NotificationsConfig {
      webhooks = webhooks == null ? List.of() : webhooks;
    }
  }

  /**
   * A webhook. Its URL is a secret reference, because chat webhooks carry their token in the URL.
   *
   * @param name a label for logs and the catalog
   * @param url the URL by reference ({@code env:SLACK_WEBHOOK_URL})
   * @param format {@code json} (runbook's fields with the message as {@code text}) or {@code slack} (only
   *     {@code {"text": ...}}, as Slack-style incoming webhooks take it); {@code json} when absent
   */
  public record WebhookConfig(String name, SecretRef url, Format format) {
    public WebhookConfig {
      format = format == null ? Format.JSON : format;
    }

    /** How a message is written for a target. */
    public enum Format {
      JSON, SLACK;

      /** Reads {@code json} or {@code slack} in any case. */
      @com.fasterxml.jackson.annotation.JsonCreator
      public static Format of(String name) {
        return Format.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
      }
    }
  }
}
