package dev.runbook.workflows.mirror;

import java.time.Instant;
import java.util.List;

/**
 * What one look at a mirror and its primary found. Facts only; {@link MirrorDiagnosis} judges them.
 *
 * @param mirror the mirror's name
 * @param mirrorUrl the mirror's URL
 * @param mirrorError why the mirror could not be read (unreachable, refused credentials), or null
 * @param version the mirror's Bitbucket version, for example {@code 9.2.0}; null when unread
 * @param upstreamState the mirror's upstream state ({@code INSTALLED}, {@code PENDING}, {@code REMOVED},
 *     {@code UNKNOWN}, {@code INITIALIZING}), or null when no upstream is registered or it was unread
 * @param mirrorId the mirror's id: configured, or found by base URL on the primary; null when unknown
 * @param primaryError why the primary could not be read, or null
 * @param record the primary's record of this mirror, or null when it has none
 * @param pending PENDING authorization requests on the primary from this mirror (by id or base URL)
 * @param otherPending how many PENDING requests on the primary come from other mirrors
 * @param progress the mirror's synchronization progress, or null when unread
 * @param farmNodes the mirror's nodes as it lists them
 * @param at when the look was taken (the activity's clock)
 * @param nodeChecks each configured node with a {@code url}, asked directly (not through the farm's URL)
 */
public record MirrorInspection(String mirror, String mirrorUrl, String mirrorError, String version, String upstreamState,
                               String mirrorId, String primaryError, PrimaryRecord record, List<PendingRequest> pending,
                               int otherPending, SyncProgress progress, List<FarmNode> farmNodes, Instant at,
                               List<NodeCheck> nodeChecks) {
  /**
   * The primary's record of a mirror. The primary keeps no state for it: health is {@code enabled} and a
   * fresh {@code lastSeenDate}.
   *
   * @param lastSeen the record's {@code lastSeenDate}, or null when absent
   * @param lastSeenAge seconds between {@code lastSeen} and the look, or -1 when unknown
   */
  public record PrimaryRecord(String id, String name, String baseUrl, boolean enabled, Instant lastSeen,
                              long lastSeenAge, String mirrorType) {}

  /** A mirroring (authorization) request on the primary. */
  public record PendingRequest(int id, String mirrorId, String mirrorName, String mirrorBaseUrl, String state) {}

  /** {@code /progress}: repositories synchronized so far, of all. */
  public record SyncProgress(boolean discovering, int syncedRepos, int totalRepos) {
    public boolean complete() {
      return !discovering && syncedRepos >= totalRepos;
    }
  }

  /**
   * One configured node asked at its own URL.
   *
   * @param node the node's name in the configuration
   * @param url its URL
   * @param status what its {@code /status} answered ({@code RUNNING}, ...), or null when it did not answer
   * @param upstreamState its upstream state, or null when unread
   * @param error why it (its {@code /status}, or its upstream when {@code status} is set) could not be read, or null
   */
  public record NodeCheck(String node, String url, String status, String upstreamState, String error) {}

  /** A node of the mirror (farm), as {@code farmNodes} lists it. */
  public record FarmNode(String id, String name, String address, String buildVersion) {}
}
