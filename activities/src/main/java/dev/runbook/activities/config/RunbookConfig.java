package dev.runbook.activities.config;

import dev.runbook.workflows.approval.ApprovalPolicy;
import dev.runbook.workflows.approval.Approver;
import java.util.List;
import java.util.Optional;

/**
 * The whole {@code runbook.yaml}: where the catalog lives, the hosts steps run on, and the
 * Bitbucket instances. Loaded and validated by {@link ConfigLoader}; see {@code docs/configuration.md}.
 *
 * @param catalog where runs and restore points are recorded; a SQLite file in the user's data directory when absent
 * @param hosts every machine a step may run on
 * @param instances the Bitbucket Data Center instances this configuration operates
 * @param mirrors the Smart Mirrors (and mirror farms) of those instances; none when absent
 * @param temporal the Temporal frontend to use and the local dev server's settings; every default when absent
 * @param webhooks the incident endpoint and its hooks; null when absent (no endpoint)
 * @param schedules the runbooks Temporal starts on a calendar or an interval; none when absent
 * @param approval how restores and mirror recoveries prove who asked and who approved: {@code signed} (SSH
 *     signatures by {@code approvers}' keys, checked by the workflow and again by the agents) or {@code named}
 *     (names as given; the default, for a single operator); see docs/security.md
 * @param approvers the people who may ask for and approve runs, each a name and an SSH public key; none when absent
 * @param workers how much the control worker and the agents take on at once; every default when absent
 */
public record RunbookConfig(CatalogConfig catalog, List<HostConfig> hosts, List<InstanceConfig> instances,
                            List<MirrorConfig> mirrors, TemporalConfig temporal, WebhooksConfig webhooks,
                            List<ScheduleConfig> schedules, String approval, List<Approver> approvers,
                            WorkersConfig workers) {
  public RunbookConfig {
    workers = workers == null ? WorkersConfig.defaults() : workers;
    approval = approval == null ? ApprovalPolicy.NAMED : approval;
    approvers = approvers == null ? List.of() : approvers;
    temporal = temporal == null ? TemporalConfig.defaults() : temporal;
    hosts = hosts == null ? List.of() : hosts;
    instances = instances == null ? List.of() : instances;
    mirrors = mirrors == null ? List.of() : mirrors;
    schedules = schedules == null ? List.of() : schedules;
  }

  /** A configuration without approvers ({@code approval: named}). */
  public RunbookConfig(CatalogConfig catalog, List<HostConfig> hosts, List<InstanceConfig> instances,
                       List<MirrorConfig> mirrors, TemporalConfig temporal, WebhooksConfig webhooks,
                       List<ScheduleConfig> schedules) {
    this(catalog, hosts, instances, mirrors, temporal, webhooks, schedules, null, null, null);
  }

  /** How requests and decisions are trusted, as runs and agents use it. */
  public ApprovalPolicy approvalPolicy() {
    return new ApprovalPolicy(approval, approvers);
  }

  /** The mirror called {@code name}. */
  public Optional<MirrorConfig> mirror(String name) {
    return mirrors.stream().filter(m -> m.name() != null && m.name().equals(name)).findFirst();
  }

  /** The instance called {@code name}. */
  public Optional<InstanceConfig> instance(String name) {
    return instances.stream().filter(i -> i.name() != null && i.name().equals(name)).findFirst();
  }

  /** The schedule called {@code name}. */
  public Optional<ScheduleConfig> schedule(String name) {
    return schedules.stream().filter(s -> s.name() != null && s.name().equals(name)).findFirst();
  }

  /** The host called {@code name}. */
  public Optional<HostConfig> host(String name) {
    return hosts.stream().filter(h -> h.name() != null && h.name().equals(name)).findFirst();
  }
}
