package dev.runbook.cli.internal;

import dev.runbook.workflows.run.Decision;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code approve} and {@code reject} take: the run, who decides and why, and where to find it. */
public final class DecisionOptions {
  @Mixin
  RunTargetOptions target;

  @Option(names = "--as", required = true, paramLabel = "NAME", converter = InputChecks.Person.class, description = "Who decides; recorded with the run.")
  String as;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", converter = InputChecks.Reason.class, description = "Why; recorded with the run.")
  String reason;

  @Mixin
  SignOptions sign;

  /** Sends the decision as the update {@code approve} or {@code reject}, signed under approval: signed; returns the exit code. */
  public int send(String update, PrintWriter out) {
    SignOptions.Signing signing = sign.signing(target.config.loadIfPresent());
    return target.run(out, launcher -> ref -> Decisions.send(launcher, update, ref, new Decision(as, reason), signing, out));
  }
}
