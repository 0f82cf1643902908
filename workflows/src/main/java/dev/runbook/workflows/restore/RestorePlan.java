package dev.runbook.workflows.restore;

import dev.runbook.workflows.home.Artifact;
import java.time.Instant;
import java.util.List;

/**
 * What a restore will do, computed before anything changes; readable through the {@code plan} query.
 *
 * @param instance the instance
 * @param restorePointId the restore point
 * @param restorePointCreatedAt when its backup began
 * @param artifacts what it consists of
 * @param steps one line per action, in order
 * @param undoable true when a failure after the stop can put the previous home and database back
 * @param approval who must approve, or that approval is waived
 */
public record RestorePlan(String instance, String restorePointId, Instant restorePointCreatedAt, List<Artifact> artifacts,
                          List<String> steps, boolean undoable, String approval) {}
