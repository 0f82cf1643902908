package dev.runbook.workflows.host;

/** Input of {@link HostActivities#ping}: the host the caller expects to answer. */
public record PingRequest(String host) {}
