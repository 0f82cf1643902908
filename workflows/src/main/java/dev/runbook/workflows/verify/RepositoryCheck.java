package dev.runbook.workflows.verify;

import java.util.List;

/**
 * {@code git fsck --connectivity-only} on a sample of the scratch home's repositories.
 *
 * @param found how many repositories the scratch home holds
 * @param checked the sampled repositories, relative to the home
 * @param failed one line per sampled repository that failed: its path and git's last line
 */
public record RepositoryCheck(int found, List<String> checked, List<String> failed) {}
