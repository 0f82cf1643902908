package dev.runbook.workflows.home;

import java.util.List;

/** What the home provider's check found; each line is evidence (for example {@code /srv/shared: btrfs subvolume}). */
public record HomeCheck(String provider, List<String> evidence) {}
