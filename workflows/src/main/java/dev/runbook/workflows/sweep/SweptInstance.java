package dev.runbook.workflows.sweep;

import java.time.Duration;

/**
 * A configured instance, as the sweep looks at it.
 *
 * @param name the instance
 * @param keepAside how long homes and databases a restore kept aside are kept ({@code restore.keepAside})
 * @param busy a run that is open in Temporal holds the instance: its mounts are not thawed, since that
 *     run may be freezing them right now
 * @param freezes its home provider freezes the mounts ({@code command} with {@code freeze: true}), so
 *     they may have been left frozen
 */
public record SweptInstance(String name, Duration keepAside, boolean busy, boolean freezes) {}
