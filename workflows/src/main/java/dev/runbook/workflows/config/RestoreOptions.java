package dev.runbook.workflows.config;

import java.time.Duration;

/**
 * How restores of an instance run, resolved from its configuration.
 *
 * @param requireApproval a second person must approve before anything changes
 * @param approvalTimeout how long to wait for that approval
 * @param leaveStoppedOnFailure true: a failure after the stop leaves Bitbucket stopped; false (the
 *     default): the previous home and database are put back and Bitbucket is started again
 * @param integrityCheck run Bitbucket's integrity check (disaster.recovery=true) on the first start
 * @param stopTimeout how long Bitbucket may take to stop answering RUNNING
 * @param startTimeout how long Bitbucket may take to answer RUNNING after the start
 * @param deadline how long the restore may run once approved; null (runs recorded before there was one) means none
 */
public record RestoreOptions(boolean requireApproval, Duration approvalTimeout, boolean leaveStoppedOnFailure,
                             boolean integrityCheck, Duration stopTimeout, Duration startTimeout,
                             Duration deadline) {}
