package dev.runbook.activities.config;

import dev.runbook.activities.config.InstanceConfig.BitbucketConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of the mirrors: each entry's settings, and that no two entries name one mirror. */
final class MirrorChecks {
  private static final Pattern MIRROR_ID = Pattern.compile("[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}");

  private final ConfigValidator v;

  MirrorChecks(ConfigValidator v) {
    this.v = v;
  }

  /** Checks {@code mirrors}, whose names must differ from each other and from {@code instanceNames}. */
  void check(List<MirrorConfig> mirrors, Set<String> instanceNames) {
    Set<String> names = new HashSet<>(instanceNames);
    Set<String> ids = new HashSet<>();
    Set<String> urls = new HashSet<>();
    for (int i = 0; i < mirrors.size(); i++) {
      MirrorConfig m = mirrors.get(i);
      mirror("mirrors[" + i + "]", m, names);
      // Two entries for one mirror would let one's recovery act on the other's record.
      if (m.mirrorId() != null && !ids.add(m.mirrorId().toUpperCase(Locale.ROOT))) {
        v.add("mirrors[" + i + "].mirrorId", "another mirror already has the id " + m.mirrorId());
      }
      if (m.baseUrl() != null && !urls.add(m.baseUrl().trim().toLowerCase(Locale.ROOT).replaceAll("/+$", ""))) {
        v.add("mirrors[" + i + "].baseUrl", "another mirror already has the base URL " + m.baseUrl());
      }
    }
  }

  private void mirror(String at, MirrorConfig m, Set<String> names) {
    v.name(at + ".name", m.name(), names, "mirror or instance");
    v.instanceRef(at + ".primary", m.primary(), true);
    v.bitbucket(at, new BitbucketConfig(m.baseUrl(), m.username(), m.password()));
    v.matches(at + ".mirrorId", m.mirrorId(), MIRROR_ID, "a mirror id like B0F5-CS21-45C2-CCK3");
    Set<String> nodeNames = new HashSet<>();
    for (int i = 0; i < m.nodes().size(); i++) {
      String n = at + ".nodes[" + i + "]";
      v.name(n + ".name", m.nodes().get(i).name(), nodeNames, "node");
      v.hostRef(n + ".host", m.nodes().get(i).host());
      if (m.nodes().get(i).url() != null) {
        v.httpUrl(n + ".url", m.nodes().get(i).url());
      }
    }
    v.services(at + ".services", m.services());
    v.instanceRef(at + ".restoreInstance", m.restoreInstance(), false);
    if (m.restoreInstance() != null && m.restoreInstance().equals(m.primary())) {
      v.add(at + ".restoreInstance", "is the primary itself; it must be the instance holding the mirror's own backups");
    }
    MirrorRecoveryConfig r = m.recovery();
    v.positive(at + ".recovery.approvalTimeout", r.approvalTimeout());
    v.positive(at + ".recovery.installTimeout", r.installTimeout());
    v.positive(at + ".recovery.syncTimeout", r.syncTimeout());
    v.positive(at + ".recovery.staleAfter", r.staleAfter());
    v.positive(at + ".recovery.pollInterval", r.pollInterval());
    if (r.pollInterval().compareTo(Duration.ofMinutes(5)) > 0) {
      v.add(at + ".recovery.pollInterval", "must be at most 5 min: the waits heartbeat once per poll");
    }
  }
}
