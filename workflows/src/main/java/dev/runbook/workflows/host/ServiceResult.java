package dev.runbook.workflows.host;

import java.util.List;

/**
 * What a node's services look like after a service step.
 *
 * @param host the host that ran the step
 * @param node the node
 * @param action what was done
 * @param units each unit (systemd) or {@code bitbucket} (command provider) and its state:
 *     {@code active}, {@code inactive}, {@code failed}, {@code unknown}
 * @param ranOn who ran it: machine, user and process, for the step's evidence
 */
public record ServiceResult(String host, String node, ServiceAction action, List<UnitState> units, String ranOn) {
  /** One unit's state. */
  public record UnitState(String unit, String state) {}

  /** True when no unit reports being down (inactive or failed); a provider without status reports unknown. */
  public boolean noneDown() {
    return units.stream().noneMatch(u -> "inactive".equals(u.state()) || "failed".equals(u.state()));
  }

  /** True when no unit is active. */
  public boolean noneActive() {
    return units.stream().noneMatch(u -> "active".equals(u.state()));
  }

  /** True when the action got what it asks for: no unit active after a stop, none down after a start. */
  public boolean achieved() {
    return switch (action) {
      case STOP -> noneActive();
      case START -> noneDown();
      case STATUS -> true;
    };
  }

  /** {@code atlbitbucket=inactive, atlbitbucket_search=inactive}. */
  public String describeUnits() {
    return String.join(", ", units.stream().map(u -> u.unit() + "=" + u.state()).toList());
  }
}
