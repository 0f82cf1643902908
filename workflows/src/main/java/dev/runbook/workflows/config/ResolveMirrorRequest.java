package dev.runbook.workflows.config;

/** Input of {@link ConfigActivities#resolveMirror}: the mirror's name as the workflow input gave it. */
public record ResolveMirrorRequest(String mirror) {}
