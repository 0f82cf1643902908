package dev.runbook.workflows.check;

import dev.runbook.workflows.bitbucket.MeshLink;
import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * What a health check found.
 *
 * @param instance the instance checked
 * @param healthy true only when {@code verdict} is HEALTHY: Bitbucket is RUNNING, its version was read, every
 *     checkable host answered, and every Mesh node is configured, registered and AVAILABLE with every Mesh link
 *     reachable
 * @param verdict HEALTHY, DEGRADED or UNHEALTHY: the worst level among {@code findings}; in results recorded
 *     before verdicts it is absent and derives from {@code healthy} (false was UNHEALTHY)
 * @param bitbucketUrl the URL asked
 * @param bitbucketState what {@code /status} answered, or null when it did not answer
 * @param version Bitbucket's version, or null when it could not be read
 * @param hosts one entry per host the instance uses
 * @param mesh one entry per Bitbucket Mesh node, configured or registered; empty without Mesh
 * @param meshLinks Bitbucket's Mesh connectivity report, one entry per link; empty when not read
 * @param findings one per problem, with the level it causes and the evidence; empty when healthy
 * @param steps the run's steps
 */
public record HealthCheckResult(String instance, boolean healthy, HealthVerdict verdict, String bitbucketUrl,
                                String bitbucketState, String version, List<HostCheck> hosts, List<MeshNodeCheck> mesh,
                                List<MeshLink> meshLinks, List<HealthFinding> findings, List<StepView> steps)
    implements dev.runbook.workflows.run.RunResult {
  public HealthCheckResult {
    mesh = mesh == null ? List.of() : List.copyOf(mesh); // null in results recorded before Mesh
    meshLinks = meshLinks == null ? List.of() : List.copyOf(meshLinks);
    findings = findings == null ? List.of() : List.copyOf(findings);
    if (verdict == null) { // a result recorded before verdicts
      verdict = healthy ? HealthVerdict.HEALTHY : HealthVerdict.UNHEALTHY;
    }
    healthy = verdict == HealthVerdict.HEALTHY;
  }

  /** The result of a check that found {@code findings}: its verdict is the worst of their levels. */
  static HealthCheckResult of(String instance, String bitbucketUrl, String bitbucketState, String version,
                              List<HostCheck> hosts, List<MeshNodeCheck> mesh, List<MeshLink> meshLinks,
                              List<HealthFinding> findings) {
    HealthVerdict verdict = HealthVerdict.of(findings);
    return new HealthCheckResult(instance, verdict == HealthVerdict.HEALTHY, verdict, bitbucketUrl, bitbucketState, version,
        hosts, mesh, meshLinks, findings, List.of());
  }

  /** This result with the run's steps. */
  HealthCheckResult withSteps(List<StepView> runSteps) {
    return new HealthCheckResult(instance, healthy, verdict, bitbucketUrl, bitbucketState, version, hosts, mesh, meshLinks,
        findings, runSteps);
  }
}
