package dev.runbook.workflows.database;

/** What restoring the database did: the name the previous database was kept under, or null when there was none. */
public record DatabaseRestore(String keptAs) {}
