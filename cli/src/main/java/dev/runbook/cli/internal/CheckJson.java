package dev.runbook.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runbook.activities.audit.AuditJson;
import dev.runbook.workflows.check.HealthCheckResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A health check's result as {@code runbook check --json} prints it (described in docs/runbooks/check.md): the
 * verdict first, then Bitbucket, hosts, Mesh nodes and links, findings with their level, and the steps. Written
 * with {@link AuditJson#MAPPER}, so times are ISO-8601 UTC and no control character reaches a terminal. The result
 * holds no secret (the check's steps only name credentials by reference), so neither does the document.
 */
final class CheckJson {
  private CheckJson() {}

  /** The document for run {@code shortId} that found {@code r}. */
  static String of(String shortId, HealthCheckResult r) {
    Map<String, Object> bitbucket = new LinkedHashMap<>();
    bitbucket.put("url", r.bitbucketUrl());
    bitbucket.put("state", r.bitbucketState());
    bitbucket.put("version", r.version());
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("instance", r.instance());
    doc.put("run", shortId);
    doc.put("verdict", r.verdict());
    doc.put("healthy", r.healthy());
    doc.put("bitbucket", bitbucket);
    doc.put("hosts", r.hosts());
    doc.put("meshNodes", r.mesh());
    doc.put("meshLinks", r.meshLinks());
    doc.put("findings", r.findings());
    doc.put("steps", r.steps());
    try {
      return AuditJson.MAPPER.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a health check result could not be written as JSON", e);
    }
  }
}
