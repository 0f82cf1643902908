package dev.runbook.workflows.mirror;

/** Input of {@link MirrorActivities#listMirrorServers}: the instance whose mirror records to read. */
public record InstanceMirrorsCall(String instance) {}
