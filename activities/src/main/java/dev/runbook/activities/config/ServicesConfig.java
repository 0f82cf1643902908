package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** How Bitbucket's services are stopped and started on each node, chosen by {@code provider}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "provider")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServicesConfig.Systemd.class, name = "systemd"),
    @JsonSubTypes.Type(value = ServicesConfig.Command.class, name = "command")})
public sealed interface ServicesConfig {
  /** Provider names as written in the configuration. */
  List<String> PROVIDERS = List.of("systemd", "command");

  /** The installer's units: Bitbucket and its bundled search. */
  List<String> DEFAULT_UNITS = List.of("atlbitbucket", "atlbitbucket_search");

  /** The default: systemd with {@link #DEFAULT_UNITS}. */
  static ServicesConfig defaults() {
    return new Systemd(null);
  }

  /** The provider name. */
  String provider();

  /**
   * {@code systemctl stop|start|is-active UNIT...}; privileged (sudo when the host says so).
   *
   * @param units the units, stopped in reverse order and started in order; {@link #DEFAULT_UNITS} when absent
   */
  record Systemd(List<String> units) implements ServicesConfig {
    public Systemd {
      units = units == null ? DEFAULT_UNITS : units;
    }

    public String provider() {
      return "systemd";
    }
  }

  /**
   * Operator scripts, called with RUNBOOK_INSTANCE, RUNBOOK_NODE and RUNBOOK_ACTION in the environment.
   *
   * @param stop absolute path of the script that stops Bitbucket on a node (required)
   * @param start absolute path of the script that starts it (required)
   * @param status absolute path of a script that exits 0 when running, 3 when stopped (optional)
   * @param privileged run the scripts through {@code sudo -n} on hosts with {@code sudo: true}; false when absent
   */
  record Command(String stop, String start, String status, Boolean privileged) implements ServicesConfig {
    public Command {
      privileged = privileged != null && privileged;
    }

    public String provider() {
      return "command";
    }
  }
}
