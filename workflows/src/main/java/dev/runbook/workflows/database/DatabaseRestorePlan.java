package dev.runbook.workflows.database;

import java.util.List;

/**
 * What restoring the database would do.
 *
 * @param databaseName the target database's name
 * @param databaseExists the target database exists now
 * @param lines one line per action, for the plan
 */
public record DatabaseRestorePlan(String databaseName, boolean databaseExists, List<String> lines) {}
