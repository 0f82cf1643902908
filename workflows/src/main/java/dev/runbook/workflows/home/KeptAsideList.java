package dev.runbook.workflows.home;

import java.util.List;

/** @param kept what restores kept aside on one host for one instance, oldest first */
public record KeptAsideList(List<KeptAside> kept) {
  public KeptAsideList {
    kept = kept == null ? List.of() : List.copyOf(kept);
  }
}
