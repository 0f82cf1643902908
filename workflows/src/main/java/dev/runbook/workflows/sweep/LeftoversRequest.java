package dev.runbook.workflows.sweep;

/** @param sweepRunId the sweep's own run, never reported as left over */
public record LeftoversRequest(String sweepRunId) {}
