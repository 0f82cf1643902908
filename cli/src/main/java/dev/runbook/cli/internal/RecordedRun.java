package dev.runbook.cli.internal;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.cli.ExitCode;
import java.sql.SQLException;

/** A run the catalog recorded, named as an operator names it: its id, its first or last characters, or its workflow id. */
public final class RecordedRun {
  private RecordedRun() {}

  /** The run {@code given} names; exit 2 when none or several match. */
  public static RunRecord find(Catalog c, String given) throws SQLException {
    try {
      return c.run(given).orElseThrow(() -> new CliException(ExitCode.INVALID_INPUT,
          "no run '" + Terminal.safe(given) + "' in " + c.location() + " (`runbook history` lists the recorded runs)"));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.INVALID_INPUT, Terminal.safe(e.getMessage()));
    }
  }
}
