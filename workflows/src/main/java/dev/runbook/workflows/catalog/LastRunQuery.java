package dev.runbook.workflows.catalog;

/**
 * Input of {@link CatalogActivities#lastRun}: the newest run of one runbook kind on one instance or mirror.
 *
 * @param instance the instance or mirror name, exactly
 * @param runbook the runbook kind, for example {@code mirror-recovery}
 */
public record LastRunQuery(String instance, String runbook) {}
