package dev.runbook.workflows.database;

import dev.runbook.workflows.home.Artifact;
import java.time.Instant;

/**
 * What a database backup step made.
 *
 * @param artifact the dump, or for {@code postgresql-fslevel} a record that the home snapshot holds it
 * @param startedAt when the dump began (its snapshot of the database)
 * @param endedAt when it ended
 */
public record DatabaseDump(Artifact artifact, Instant startedAt, Instant endedAt) {}
