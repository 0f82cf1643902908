package dev.runbook.workflows.home;

import java.util.List;

/**
 * What restoring the home would do, found out without changing anything.
 *
 * @param lines one line per action, for the plan (for example {@code move /srv/shared to /srv/shared.pre-restore-...})
 * @param undoable true when the restore can be undone (the current home is kept aside)
 */
public record HomeRestorePlan(List<String> lines, boolean undoable) {}
