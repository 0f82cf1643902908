package dev.runbook.worker.schedules;

import dev.runbook.activities.config.ScheduleConfig;
import dev.runbook.activities.config.ScheduledRunbook;
import dev.runbook.worker.schedules.SchedulePlan.Existing;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.common.converter.EncodedValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Makes Temporal's schedules match the file's, touching only the schedules runbook owns. */
public final class ScheduleSync {
  private final ScheduleClient schedules;

  public ScheduleSync(ScheduleClient schedules) {
    this.schedules = schedules;
  }

  /** A sync on {@code client}'s connection, namespace and identity. */
  public static ScheduleSync of(WorkflowClient client) {
    return new ScheduleSync(client(client));
  }

  /** A schedule client on {@code client}'s connection, namespace and identity. */
  static ScheduleClient client(WorkflowClient client) {
    return ScheduleClient.newInstance(client.getWorkflowServiceStubs(), ScheduleClientOptions.newBuilder()
        .setNamespace(client.getOptions().getNamespace()).setIdentity(client.getOptions().getIdentity()).build());
  }

  /** What apply would do: read from Temporal, nothing changed. */
  public List<ScheduleChange> plan(List<ScheduleConfig> desired) {
    return SchedulePlan.plan(desired, existing(desired));
  }

  /**
   * Carries out {@code plan}, computed by {@link #plan} for {@code desired}; does nothing when the plan
   * has a conflict, so a refused apply leaves every schedule as it was.
   *
   * @return true when applied, false when a conflict kept it from changing anything
   */
  public boolean apply(List<ScheduleConfig> desired, List<ScheduleChange> plan) {
    if (plan.stream().anyMatch(c -> c.op() == ScheduleChange.Op.CONFLICT)) {
      return false;
    }
    Map<String, ScheduleConfig> byName = new LinkedHashMap<>();
    desired.forEach(s -> byName.put(s.name(), s));
    for (ScheduleChange c : plan) {
      switch (c.op()) {
        case CREATE -> create(byName.get(c.name()));
        case UPDATE -> update(byName.get(c.name()));
        case DELETE -> schedules.getHandle(ScheduleSpecs.id(c.name())).delete();
        default -> { }
      }
    }
    return true;
  }

  private void create(ScheduleConfig s) {
    schedules.createSchedule(ScheduleSpecs.id(s.name()),
        ScheduleSpecs.schedule(s, runbook(s), ScheduleSpecs.declaredState(s)), ScheduleSpecs.createOptions());
  }

  private void update(ScheduleConfig s) {
    Map<String, String> wanted = ScheduleSpecs.declaration(s);
    schedules.getHandle(ScheduleSpecs.id(s.name())).update(input -> {
      ScheduleDescription d = input.getDescription();
      // A pause or note given with `runbook schedules pause` stays, unless the file's own changed.
      var state = SchedulePlan.stateChanged(declaration(d), wanted) ? ScheduleSpecs.declaredState(s) : d.getSchedule().getState();
      return new ScheduleUpdate(ScheduleSpecs.schedule(s, runbook(s), state));
    });
  }

  private static ScheduledRunbook runbook(ScheduleConfig s) {
    // The configuration was validated: its runbook can be scheduled.
    return ScheduledRunbook.of(s.runbook()).orElseThrow();
  }

  /** The names of the schedules runbook owns: the file's that exist, then the others. */
  public List<String> ownedNames(List<ScheduleConfig> desired) {
    return existing(desired).entrySet().stream().filter(e -> e.getValue().owned()).map(Map.Entry::getKey).toList();
  }

  /** The schedules the file names, and every schedule with runbook's id prefix, by name. */
  private Map<String, Existing> existing(List<ScheduleConfig> desired) {
    Map<String, Existing> found = new LinkedHashMap<>();
    // Listing goes through visibility, which can lag; the file's own schedules are described directly.
    for (ScheduleConfig s : desired) {
      describe(ScheduleSpecs.id(s.name())).ifPresent(d -> found.put(s.name(), existing(d)));
    }
    schedules.listSchedules().map(l -> l.getScheduleId()).filter(id -> id.startsWith(ScheduleSpecs.ID_PREFIX))
        .map(id -> id.substring(ScheduleSpecs.ID_PREFIX.length())).filter(name -> !found.containsKey(name))
        .forEach(name -> describe(ScheduleSpecs.id(name)).ifPresent(d -> found.put(name, existing(d))));
    return found;
  }

  private static Existing existing(ScheduleDescription d) {
    return owned(d) ? new Existing(true, declaration(d)) : new Existing(false, Map.of());
  }

  /** The schedule {@code id}, or empty when Temporal has none. */
  public Optional<ScheduleDescription> describe(String id) {
    try {
      return Optional.of(schedules.getHandle(id).describe());
    } catch (RuntimeException e) {
      if (notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The handle of runbook's schedule {@code name}, or empty when Temporal has no such schedule of runbook's. */
  public Optional<ScheduleHandle> owned(String name) {
    return describe(ScheduleSpecs.id(name)).filter(ScheduleSync::owned).map(d -> schedules.getHandle(d.getId()));
  }

  /** True when {@code d} carries both of runbook's marks. */
  static boolean owned(ScheduleDescription d) {
    return d.getId().startsWith(ScheduleSpecs.ID_PREFIX) && "runbook".equals(d.getMemo(ScheduleSpecs.OWNER_MEMO, String.class));
  }

  /** The declaration a schedule was last applied from; empty when it carries none. */
  static Map<String, String> declaration(ScheduleDescription d) {
    if (!(d.getSchedule().getAction() instanceof ScheduleActionStartWorkflow action) || action.getOptions().getMemo() == null
        || !(action.getOptions().getMemo().get(ScheduleSpecs.DECLARATION_MEMO) instanceof EncodedValues values)) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    ((Map<?, ?>) values.get(0, Map.class)).forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    return out;
  }

  private static boolean notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }
}
