package dev.runbook.workflows.internal;

/**
 * What an approval wait announces to people besides the run itself.
 *
 * @param notifyInstance the instance whose notification targets are told (a mirror's primary for a recovery)
 * @param subject the instance or mirror the run works on
 * @param plan what the run will do once approved, in a few lines
 */
public record ApprovalRequest(String notifyInstance, String subject, String plan) {}
