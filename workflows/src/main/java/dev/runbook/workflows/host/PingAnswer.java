package dev.runbook.workflows.host;

/**
 * A host's answer to a ping.
 *
 * @param host the host name the answering worker serves
 * @param hostname the operating system's host name of the machine that answered
 * @param user the operating system user commands run as there
 * @param pid the process that answered: the agent, or the control worker for SSH hosts
 * @param agentVersion the runbook version of that process
 * @param via {@code agent} or {@code ssh}
 */
public record PingAnswer(String host, String hostname, String user, long pid, String agentVersion, String via) {}
