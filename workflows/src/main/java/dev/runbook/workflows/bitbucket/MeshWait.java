package dev.runbook.workflows.bitbucket;

import java.time.Duration;
import java.util.List;

/**
 * Waiting until Bitbucket reports Mesh nodes AVAILABLE.
 *
 * @param instance the instance
 * @param names the names the Mesh nodes are registered under; every one must be registered and AVAILABLE
 * @param timeout how long to wait
 */
public record MeshWait(String instance, List<String> names, Duration timeout) {
  public MeshWait {
    names = List.copyOf(names);
  }
}
