package dev.runbook.workflows.config;

import java.util.List;

/** Every host of the configuration, with what each instance uses it for (roles like {@code prod: node node1}). */
public record HostList(List<HostView> hosts) {}
