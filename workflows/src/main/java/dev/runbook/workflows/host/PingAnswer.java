package dev.runbook.workflows.host;

/**
 * A host agent's answer to a ping.
 *
 * @param host the host name the agent serves (its {@code --host})
 * @param hostname the operating system's host name of the machine it runs on
 * @param user the operating system user the agent runs as
 * @param pid the agent's process id
 * @param agentVersion the runbook version of the agent
 */
public record PingAnswer(String host, String hostname, String user, long pid, String agentVersion) {}
