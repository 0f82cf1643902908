package dev.runbook.workflows.verify;

import java.util.Map;

/**
 * A restore point's dump restored into a scratch database, and its key tables counted there.
 *
 * @param name where it was restored (a database name, or a temporary instance's)
 * @param rowCounts rows per configured key table; a table missing from the dump is absent here
 * @param missingTables configured key tables the restored database does not have
 */
public record ScratchDatabase(String name, Map<String, Long> rowCounts, java.util.List<String> missingTables) {}
