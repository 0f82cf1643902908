package dev.runbook.workflows.catalog;

import dev.runbook.workflows.run.RunStatus;
import java.time.Instant;

/** Run {@code runId} ended with {@code status}; {@code summary} is one line for operators. */
public record RunFinished(String runId, RunStatus status, String summary, Instant endedAt) {}
