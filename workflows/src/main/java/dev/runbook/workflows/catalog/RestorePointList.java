package dev.runbook.workflows.catalog;

import java.util.List;

/** Restore points, newest first. */
public record RestorePointList(List<RestorePointView> restorePoints) {}
