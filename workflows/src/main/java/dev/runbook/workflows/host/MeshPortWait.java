package dev.runbook.workflows.host;

import java.time.Duration;

/**
 * Input of {@link HostActivities#awaitMeshPort}: wait on the Mesh node's own host until its RPC port accepts
 * connections.
 *
 * @param host the Mesh node's host
 * @param instance the instance
 * @param node the Mesh node; its port comes from the host's own configuration ({@code mesh[].rpcPort})
 * @param timeout how long to wait before failing
 */
public record MeshPortWait(String host, String instance, String node, Duration timeout) {}
