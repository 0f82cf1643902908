package dev.runbook.workflows.database;

import java.util.List;

/** What the database provider's check found, one line of evidence each. */
public record DatabaseCheck(String provider, List<String> evidence) {}
