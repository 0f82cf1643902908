package dev.runbook.workflows.catalog;

/** Outcome of {@link CatalogActivities#lastRun}: the newest matching run, or null when there is none. */
public record LastRun(RunSummary run) {}
