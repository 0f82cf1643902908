package dev.runbook.workflows.catalog;

import java.util.List;

/** Restore points of exactly {@code instance} whose status is one of {@code statuses} (all when empty), newest first. */
public record RestorePointQuery(String instance, List<RestorePointStatus> statuses) {}
