package dev.runbook.activities.home;

import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;

/** Guards for paths a provider is about to delete. */
public final class DeleteGuard {
  private DeleteGuard() {}

  /** Refuses to delete {@code location} unless it is {@code dir/<restorePointId>} or {@code dir/<restorePointId>-N}. */
  public static String deletable(String dir, String restorePointId, String location) {
    Path p = Path.of(location).normalize();
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    boolean ours = name.equals(restorePointId) || name.matches(java.util.regex.Pattern.quote(restorePointId) + "-\\d+");
    if (!ours || p.getParent() == null || !p.getParent().equals(Path.of(dir).normalize())) {
      throw ApplicationFailure.newNonRetryableFailure("refusing to delete " + location + ": it is not a snapshot of "
          + restorePointId + " in " + dir, FailureTypes.PRECONDITION_FAILED);
    }
    return p.toString();
  }
}
