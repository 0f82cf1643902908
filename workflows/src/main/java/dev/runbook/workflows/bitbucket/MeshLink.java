package dev.runbook.workflows.bitbucket;

/**
 * One link of Bitbucket's Mesh connectivity report: whether node {@code from} reached node {@code to}.
 *
 * @param from the name of the node that tested the link
 * @param fromType its type as Bitbucket reports it: BITBUCKET or MESH
 * @param to the name of the node it tried to reach
 * @param toType that node's type: BITBUCKET or MESH
 * @param reachable whether it was reached
 * @param roundTripMs the round trip in milliseconds, or null when Bitbucket reports none
 * @param error Bitbucket's error message for an unreachable link, or null
 */
public record MeshLink(String from, String fromType, String to, String toType, boolean reachable, Long roundTripMs,
                       String error) {}
