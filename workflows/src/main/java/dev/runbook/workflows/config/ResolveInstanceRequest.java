package dev.runbook.workflows.config;

/** Input of {@link ConfigActivities#resolveInstance}: the instance name as the workflow input gave it. */
public record ResolveInstanceRequest(String instance) {}
