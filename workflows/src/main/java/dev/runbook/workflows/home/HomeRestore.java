package dev.runbook.workflows.home;

import java.util.List;

/** What restoring the home did: where the previous home was kept, one entry per mount (empty when nothing was kept). */
public record HomeRestore(List<String> keptAs) {}
