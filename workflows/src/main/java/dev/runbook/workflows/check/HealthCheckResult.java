package dev.runbook.workflows.check;

import dev.runbook.workflows.bitbucket.MeshLink;
import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * What a health check found.
 *
 * @param instance the instance checked
 * @param healthy true when Bitbucket is RUNNING, its version was read, every checkable host answered, and every
 *     Mesh node is configured, registered and AVAILABLE with every Mesh link reachable
 * @param bitbucketUrl the URL asked
 * @param bitbucketState what {@code /status} answered, or null when it did not answer
 * @param version Bitbucket's version, or null when it could not be read
 * @param hosts one entry per host the instance uses
 * @param mesh one entry per Bitbucket Mesh node, configured or registered; empty without Mesh
 * @param meshLinks Bitbucket's Mesh connectivity report, one entry per link; empty when not read
 * @param findings one line per problem, naming the evidence; empty when healthy
 * @param steps the run's steps
 */
public record HealthCheckResult(String instance, boolean healthy, String bitbucketUrl, String bitbucketState,
                                String version, List<HostCheck> hosts, List<MeshNodeCheck> mesh, List<MeshLink> meshLinks,
                                List<String> findings, List<StepView> steps) implements dev.runbook.workflows.run.RunResult {
  public HealthCheckResult {
    mesh = mesh == null ? List.of() : List.copyOf(mesh); // null in results recorded before Mesh
    meshLinks = meshLinks == null ? List.of() : List.copyOf(meshLinks);
  }
}
