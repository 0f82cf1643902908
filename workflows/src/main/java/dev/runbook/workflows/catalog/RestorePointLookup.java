package dev.runbook.workflows.catalog;

/** Input of {@link CatalogActivities#restorePointExists}: one restore point id. */
public record RestorePointLookup(String id) {}
