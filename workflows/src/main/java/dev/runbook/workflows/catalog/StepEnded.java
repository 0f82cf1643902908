package dev.runbook.workflows.catalog;

import dev.runbook.workflows.run.StepView;

/** A step of run {@code runId} ended (or was skipped); recording it twice keeps one row. */
public record StepEnded(String runId, StepView step) {}
