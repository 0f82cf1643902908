package dev.runbook.cli;

import dev.runbook.activities.config.ConfigWarnings;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.internal.ConfigOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook config validate}: every problem with its YAML path and line, exit 2; nothing is contacted. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check the configuration file and report every problem with its YAML path and line.",
        "Secret references must resolve here (run it where the worker runs), unless --no-secrets.",
        "Nothing is contacted."})
public final class ConfigValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = "--no-secrets", description = "Only check the form of secret references, not that they resolve here.")
  boolean noSecrets;

  @Override
  public Integer call() {
    RunbookConfig c = config.load(!noSecrets);
    PrintWriter out = spec.commandLine().getOut();
    out.println(config.file() + ": valid");
    out.println("  instances: " + c.instances().stream().map(i -> i.name() + " (" + i.mode().id() + ", "
        + i.nodes().size() + " node" + (i.nodes().size() == 1 ? "" : "s") + ", home " + i.home().snapshot().provider()
        + ", database " + i.database().provider() + ")").collect(Collectors.joining(", ")));
    if (!c.mirrors().isEmpty()) {
      out.println("  mirrors: " + c.mirrors().stream().map(m -> m.name() + " (of " + m.primary() + ", " + m.nodes().size()
          + " node" + (m.nodes().size() == 1 ? "" : "s") + (m.autoRecover() ? ", autoRecover" : "") + ")")
          .collect(Collectors.joining(", ")));
    }
    out.println("  hosts: " + c.hosts().stream().map(h -> h.name() + " (" + h.mode().id() + ")").collect(Collectors.joining(", ")));
    out.println("  approval: " + (c.approvalPolicy().signed()
        ? "signed: requests and decisions need the SSH key of one of " + c.approvers().stream().map(a -> a.name())
            .collect(Collectors.joining(", ")) + ", checked by the workflow and again by the agents"
        : "named (weaker): approvals are names as given, not proven; anyone who reaches the Temporal endpoint can "
            + "approve under any name. For two-person approval set approval: signed with approvers: (docs/security.md)"));
    ConfigWarnings.of(c).forEach(w -> out.println("  warning: " + w));
    out.println("  secrets: " + (noSecrets ? "references well-formed (not resolved: --no-secrets)" : "all resolve here"));
    return ExitCode.OK;
  }
}
