package dev.runbook.workflows.approval;

import dev.runbook.workflows.run.Decision;

/**
 * What a destructive host step carries so the agent can check, with the keys of its own configuration, that two
 * people asked for and approved this run: the signed request and the signed approval, exactly as sent.
 *
 * @param request the signed request from the run's input
 * @param approval the signed approval the run accepted; null when its configuration waives approval
 */
public record ApprovalProof(SignedRequest request, Decision approval) {}
