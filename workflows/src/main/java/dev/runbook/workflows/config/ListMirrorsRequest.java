package dev.runbook.workflows.config;

/** Input of {@link ConfigActivities#listMirrors}: nothing to choose yet; a record so fields can be added. */
public record ListMirrorsRequest() {}
