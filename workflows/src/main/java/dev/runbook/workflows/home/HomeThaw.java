package dev.runbook.workflows.home;

import java.util.List;

/**
 * What a thaw of an instance's mounts did.
 *
 * @param thawed mounts that were frozen and are thawed now
 * @param note why nothing was tried (the provider never freezes); else null
 */
public record HomeThaw(List<String> thawed, String note) {
  public HomeThaw {
    thawed = thawed == null ? List.of() : List.copyOf(thawed);
  }
}
