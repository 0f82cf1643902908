package dev.runbook.workflows.host;

import java.util.List;

/** Stale git lock files removed from the restored home's repositories, as paths. */
public record LockCleanup(List<String> removed) {}
