package dev.runbook.workflows.check;

import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * What a health check found.
 *
 * @param instance the instance checked
 * @param healthy true when Bitbucket is RUNNING, its version was read, and every checkable host answered
 * @param bitbucketUrl the URL asked
 * @param bitbucketState what {@code /status} answered, or null when it did not answer
 * @param version Bitbucket's version, or null when it could not be read
 * @param hosts one entry per host the instance uses
 * @param findings one line per problem, naming the evidence; empty when healthy
 * @param steps the run's steps
 */
public record HealthCheckResult(String instance, boolean healthy, String bitbucketUrl, String bitbucketState,
                                String version, List<HostCheck> hosts, List<String> findings, List<StepView> steps) {}
