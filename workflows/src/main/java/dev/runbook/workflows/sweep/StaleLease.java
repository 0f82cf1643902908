package dev.runbook.workflows.sweep;

import dev.runbook.workflows.catalog.InstanceLease;

/**
 * An instance lease held by a run that is no longer open in Temporal.
 *
 * @param lease the lease as recorded
 * @param why what Temporal says of the holder
 */
public record StaleLease(InstanceLease lease, String why) {}
