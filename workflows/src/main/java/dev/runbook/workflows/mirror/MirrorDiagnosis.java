package dev.runbook.workflows.mirror;

import dev.runbook.workflows.mirror.MirrorInspection.PrimaryRecord;
import dev.runbook.workflows.mirror.MirrorInspection.SyncProgress;
import dev.runbook.workflows.config.ResolvedMirror;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A judgement of one {@link MirrorInspection}: the condition and the evidence behind it, each finding
 * naming what was seen ({@code mirror upstream state REMOVED}, {@code primary lastSeenDate 47 min ago}).
 * Pure: workflows compute it deterministically from the activity's facts.
 *
 * @param mirror the mirror's name
 * @param condition the conclusion
 * @param findings the evidence, problems first, then what was fine
 * @param mirrorId the mirror's id, when known
 */
public record MirrorDiagnosis(String mirror, MirrorCondition condition, List<String> findings, String mirrorId) {
  /** True when nothing needs doing. */
  public boolean healthy() {
    return condition == MirrorCondition.HEALTHY;
  }

  /** The condition and the findings on one line, as steps record them: {@code removed: mirror upstream state ...}. */
  public String summary() {
    return condition.id() + ": " + evidence();
  }

  /** Judges an inspection of {@code mirror} with its configured staleness limit and node count. */
  public static MirrorDiagnosis of(ResolvedMirror mirror, MirrorInspection i) {
    return of(i, mirror.recovery().staleAfter(), mirror.nodes().size());
  }

  /** The findings on one line. */
  public String evidence() {
    return String.join("; ", findings);
  }

  /**
   * Judges an inspection.
   *
   * @param staleAfter a record not seen for longer than this is stale
   * @param configuredNodes how many nodes the configuration lists for the mirror (0: not checked)
   */
  public static MirrorDiagnosis of(MirrorInspection i, Duration staleAfter, int configuredNodes) {
    List<String> problems = new ArrayList<>();
    List<String> fine = new ArrayList<>();
    MirrorCondition condition = MirrorCondition.HEALTHY;
    String state = i.upstreamState();
    if (i.mirrorError() != null) {
      problems.add("mirror unreachable: " + i.mirrorError());
      condition = MirrorCondition.UNREACHABLE;
    } else if (state == null) {
      problems.add("mirror has no upstream server registered");
      condition = MirrorCondition.UNREGISTERED;
    } else if (state.equals("REMOVED") || state.equals("UNKNOWN")) {
      problems.add("mirror upstream state " + state);
      condition = MirrorCondition.REMOVED;
    } else if (!state.equals("INSTALLED")) {
      problems.add("mirror upstream state " + state);
      condition = MirrorCondition.PENDING;
    } else {
      fine.add("mirror upstream state INSTALLED");
    }
    String who = i.mirrorId() != null ? i.mirrorId() : i.mirrorUrl();
    PrimaryRecord r = i.record();
    boolean recordBad = false;
    if (i.primaryError() != null) {
      problems.add("primary unreadable: " + i.primaryError());
      recordBad = true;
    } else if (r == null) {
      problems.add("primary has no record of mirror " + who);
      recordBad = true;
    } else {
      if (!MirrorUrls.same(r.baseUrl(), i.mirrorUrl())) {
        problems.add("primary record " + r.id() + " is for " + r.baseUrl() + ", not " + i.mirrorUrl());
        recordBad = true;
      }
      if (!r.enabled()) {
        problems.add("primary record " + r.id() + " disabled");
        recordBad = true;
      }
      if (r.lastSeenAge() < 0) {
        problems.add("primary record " + r.id() + " has no lastSeenDate");
        recordBad = true;
      } else if (Duration.ofSeconds(r.lastSeenAge()).compareTo(staleAfter) > 0) {
        problems.add("primary lastSeenDate " + age(r.lastSeenAge()) + " ago");
        recordBad = true;
      } else {
        fine.add("primary lastSeenDate " + age(r.lastSeenAge()) + " ago");
      }
    }
    for (MirrorInspection.PendingRequest p : i.pending()) {
      if ("INSTALLED".equals(state)) {
        // A leftover of an earlier attempt: the mirror is paired, so it changes nothing.
        fine.add("request " + p.id() + " from this mirror still PENDING on the primary (left over; the mirror is INSTALLED)");
      } else {
        problems.add("request " + p.id() + " from this mirror PENDING on the primary");
      }
    }
    if (i.otherPending() > 0) {
      fine.add(i.otherPending() + " PENDING request(s) from other mirrors, not this one's");
    }
    SyncProgress p = i.progress();
    boolean behind = false;
    if (p != null) {
      String sync = "synchronized " + p.syncedRepos() + " of " + p.totalRepos() + " repositories"
          + (p.discovering() ? " (discovering)" : "");
      if (p.complete()) {
        fine.add(sync);
      } else {
        problems.add(sync);
        behind = true;
      }
    }
    boolean nodeDown = false;
    if (configuredNodes > 1 && i.farmNodes().size() < configuredNodes) {
      problems.add("mirror lists " + i.farmNodes().size() + " farm node(s), " + configuredNodes + " configured");
      nodeDown = true;
    }
    for (MirrorInspection.NodeCheck n : i.nodeChecks()) {
      String node = "node " + n.node() + " (" + n.url() + ")";
      if (n.status() == null) {
        problems.add(node + " unreachable: " + n.error());
        nodeDown = true;
      } else if (!"RUNNING".equals(n.status())) {
        problems.add(node + " /status " + n.status());
        nodeDown = true;
      } else if (n.error() != null) {
        problems.add(node + " upstream unreadable: " + n.error());
        nodeDown = true;
      } else if (state != null && n.upstreamState() != null && !state.equals(n.upstreamState())) {
        problems.add(node + " upstream state " + n.upstreamState() + ", the mirror's " + state);
        nodeDown = true;
      } else {
        fine.add(node + " RUNNING" + (n.upstreamState() == null ? "" : ", upstream " + n.upstreamState()));
      }
    }
    if (condition == MirrorCondition.HEALTHY && recordBad) {
      condition = MirrorCondition.STALE;
    } else if (condition == MirrorCondition.HEALTHY && nodeDown) {
      condition = MirrorCondition.NODE_DOWN;
    } else if (condition == MirrorCondition.HEALTHY && behind) {
      condition = MirrorCondition.SYNCHRONIZING;
    }
    List<String> findings = new ArrayList<>(problems);
    findings.addAll(fine);
    return new MirrorDiagnosis(i.mirror(), condition, List.copyOf(findings), i.mirrorId());
  }

  /** An age in seconds as a person reads it: {@code 40 s}, {@code 47 min}, {@code 3 h}. */
  static String age(long seconds) {
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 120 * 60) {
      return seconds / 60 + " min";
    }
    return seconds / 3600 + " h";
  }
}
