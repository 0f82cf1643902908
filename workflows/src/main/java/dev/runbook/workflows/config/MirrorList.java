package dev.runbook.workflows.config;

import java.util.List;

/** Every mirror of the configuration, in configuration order. */
public record MirrorList(List<ResolvedMirror> mirrors) {}
