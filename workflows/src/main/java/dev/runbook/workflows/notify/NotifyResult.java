package dev.runbook.workflows.notify;

import java.util.List;

/** How many webhooks took the message, and why the others did not (names only, never URLs). */
public record NotifyResult(int delivered, List<String> failures) {}
