package dev.runbook.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.backup.BackupWorkflow;
import dev.runbook.workflows.backup.PruneWorkflow;
import dev.runbook.workflows.check.HealthCheckWorkflow;
import dev.runbook.workflows.hosts.HostsWorkflow;
import dev.runbook.workflows.mirror.MirrorGuardWorkflow;
import dev.runbook.workflows.mirror.MirrorHealthWorkflow;
import dev.runbook.workflows.mirror.MirrorRecoveryWorkflow;
import dev.runbook.workflows.restore.RestoreWorkflow;
import dev.runbook.workflows.services.ServicesWorkflow;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Links into the Temporal Web UI for {@code runbook ui-links}: each runbook's start form, the smallest input
 * to paste there, and a run's page. Pure: no I/O.
 *
 * <p>The start form copies the input, search attributes, summary and details of the run the link names
 * (its workflow id and run id), else of the newest earlier run of the same workflow type and id. So each
 * runbook gets a start link with a fresh workflow id (the form starts empty: paste the input) and, where an
 * earlier run of it for the instance exists, a copy link naming that run (the form starts from its input,
 * and from its summary, which names the earlier run's trigger). The copied {@code RunbookTrigger=cli} does
 * not make the run a CLI run: a run reads its trigger from the memo, which the form does not copy
 * ({@code StartedBy}).
 */
public final class UiLinks {
  /** Placeholders for names the command was not given. */
  public static final String INSTANCE = "NAME";
  public static final String MIRROR = "MIRROR";
  public static final String STAGING = "STAGING";
  public static final String REQUESTER = "WHO";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private UiLinks() {}

  /**
   * One runbook as the UI starts it.
   *
   * @param kind the runbook's kind, as {@code RunbookKind} and the catalog name it
   * @param workflowType the workflow type to type into the form
   * @param input the smallest input JSON for it
   * @param instance the instance the input names, or null when the runbook is not about one instance
   */
  public record Runbook(String kind, String workflowType, String input, String instance) {}

  /** Every runbook, with inputs for {@code instance} ({@value #INSTANCE} when null). */
  public static List<Runbook> runbooks(String instance) {
    String name = instance == null ? INSTANCE : instance;
    return List.of(
        new Runbook(HealthCheckWorkflow.KIND, HealthCheckWorkflow.TYPE, json("instance", name), name),
        new Runbook(BackupWorkflow.KIND, BackupWorkflow.TYPE, json("instance", name), name),
        new Runbook(PruneWorkflow.KIND, PruneWorkflow.TYPE, json("instance", name, "dryRun", true), name),
        new Runbook(RestoreWorkflow.KIND, RestoreWorkflow.TYPE, json("instance", name, "requestedBy", REQUESTER), name),
        new Runbook(ServicesWorkflow.KIND, ServicesWorkflow.TYPE, json("instance", name, "action", "status"), name),
        new Runbook(HostsWorkflow.KIND, HostsWorkflow.TYPE, json(), null),
        new Runbook(MirrorHealthWorkflow.KIND, MirrorHealthWorkflow.TYPE, json(), null),
        new Runbook(MirrorRecoveryWorkflow.KIND, MirrorRecoveryWorkflow.TYPE, json("mirror", MIRROR, "requestedBy", REQUESTER),
            null),
        new Runbook(MirrorGuardWorkflow.KIND, MirrorGuardWorkflow.TYPE, json("staging", STAGING, "production", name), null));
  }

  /**
   * The UI's address without a trailing slash.
   *
   * @throws IllegalArgumentException when {@code url} is not an absolute http or https URL
   */
  public static String base(String url) {
    String problem = "must be an http or https address such as http://127.0.0.1:8233";
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(problem);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
        || uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException(problem);
    }
    String s = uri.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** A workflow id for a start from the UI that no earlier run has, so that the form copies nothing. */
  public static String workflowId(Runbook r, Instant now) {
    return r.kind() + (r.instance() == null ? "" : "-" + r.instance()) + "-ui-" + ID_TIME.format(now);
  }

  /**
   * The start form for {@code r} on the control queue, with {@code workflowId} filled in; with {@code runId}
   * (of an earlier run of that workflow id) the form copies that run's input.
   */
  public static String startForm(String base, String namespace, Runbook r, String workflowId, String runId) {
    return base + "/namespaces/" + segment(namespace) + "/workflows/start-workflow?workflowType=" + param(r.workflowType())
        + "&taskQueue=" + param(TaskQueues.CONTROL) + "&workflowId=" + param(workflowId)
        + (runId == null ? "" : "&runId=" + param(runId));
  }

  /** The page of one run. */
  public static String runPage(String base, String namespace, String workflowId, String runId) {
    return base + "/namespaces/" + segment(namespace) + "/workflows/" + segment(workflowId) + "/" + segment(runId) + "/history";
  }

  /** The visibility query for the earlier runs of {@code r} (of its instance, when it has one). */
  public static String earlierRuns(Runbook r) {
    return "WorkflowType = '" + quote(r.workflowType()) + "'"
        + (r.instance() == null ? "" : " AND RunbookInstance = '" + quote(r.instance()) + "'");
  }

  private static String json(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'");
  }

  private static String param(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
