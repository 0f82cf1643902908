package dev.runbook.workflows.mirror;

import java.util.List;

/**
 * The mirror records an instance holds, read from its {@code mirrorServers} API.
 *
 * @param instance the instance's name
 * @param baseUrl its base URL
 * @param servers every record, all pages
 */
public record MirrorServers(String instance, String baseUrl, List<Server> servers) {
  /** One record: the mirror's id, name and URL. */
  public record Server(String id, String name, String baseUrl) {}
}
