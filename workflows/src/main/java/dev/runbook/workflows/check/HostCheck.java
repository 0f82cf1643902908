package dev.runbook.workflows.check;

import dev.runbook.workflows.config.HostMode;

/**
 * Whether one host answered.
 *
 * @param host the host's configured name
 * @param mode agent, local or SSH
 * @param state ANSWERED or NO_ANSWER
 * @param detail who answered (machine, user, pid) or why not
 */
public record HostCheck(String host, HostMode mode, State state, String detail) {
  /** Whether a host answered. */
  public enum State {
    ANSWERED,
    NO_ANSWER
  }
}
