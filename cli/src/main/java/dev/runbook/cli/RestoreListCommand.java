package dev.runbook.cli;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.Table;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.verify.Verification;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook restore list}: an instance's restore points from the catalog. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the restore points of an instance, newest first: id, age, status, sizes, freeze window, skew, "
        + "and the outcome of its newest verification (runbook verify).")
public final class RestoreListCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--instance", paramLabel = "NAME", description = "The instance (required).")
  String instance;

  @Override
  public Integer call() throws SQLException {
    if (instance == null || instance.isBlank()) {
      throw new CliException(ExitCode.INVALID_INPUT, "Missing required option: '--instance=NAME'");
    }
    Catalog c = catalog.openReadOnly(config.catalogIfPresent());
    List<RestorePointView> points = c.restorePoints(new RestorePointQuery(instance, List.of()));
    PrintWriter out = spec.commandLine().getOut();
    if (points.isEmpty()) {
      out.println("no restore points of " + instance + " in " + c.location());
      return ExitCode.OK;
    }
    Map<String, Verification> verified = new HashMap<>();
    for (Verification v : verifications(c)) {
      verified.putIfAbsent(v.restorePointId(), v); // newest first
    }
    Table t = new Table("RESTORE POINT", "AGE", "STATUS", "HOME", "DATABASE", "FREEZE", "SKEW", "VERIFIED", "DETAIL");
    Instant now = Instant.now();
    for (RestorePointView p : points) {
      long homes = p.artifacts().stream().filter(a -> Artifact.HOME.equals(a.kind())).count();
      List<String> mesh = p.artifacts().stream().map(Artifact::meshNode)
          .filter(java.util.Objects::nonNull).distinct().toList();
      t.row(p.id(), Format.duration(Duration.between(p.createdAt(), now)), p.status().name(),
          (homes == 0 ? "-" : homes + " snapshot(s)") + (mesh.isEmpty() ? "" : " + Mesh " + String.join(", ", mesh)), p.dumpBytes() == 0 ? "-" : p.dumpBytes() + " B",
          p.freezeMs() == null ? "-" : p.freezeMs() + " ms", p.skewMs() == null ? "-" : p.skewMs() + " ms",
          verification(verified.get(p.id()), now), p.detail() == null ? "" : p.detail());
    }
    t.print(out, "");
    return ExitCode.OK;
  }

  /** The instance's verifications; none from a catalog that has no verifications table yet (not migrated by a writer). */
  private List<Verification> verifications(Catalog c) {
    try {
      return c.verifications(instance);
    } catch (SQLException e) {
      return List.of();
    }
  }

  /** The newest verification's outcome and age: {@code VERIFIED 2h ago}, {@code FAILED 1d ago}, or {@code -}. */
  private static String verification(Verification v, Instant now) {
    if (v == null) {
      return "-";
    }
    Instant at = v.endedAt() == null ? v.startedAt() : v.endedAt();
    return v.outcome() + " " + Format.duration(Duration.between(at, now)) + " ago";
  }
}
