package dev.runbook.worker.schedules;

/**
 * One line of the difference between the file's schedules and Temporal's.
 *
 * @param op what apply does
 * @param name the schedule's name in the file (its id without {@code runbook-})
 * @param detail what the schedule is, or what changed; empty when there is nothing to say
 */
public record ScheduleChange(Op op, String name, String detail) {
  /** What apply does with one schedule. */
  public enum Op {
    CREATE("+"), UPDATE("~"), DELETE("-"), UNCHANGED("="),
    /** A schedule with the entry's id exists that runbook does not own: apply changes nothing then. */
    CONFLICT("!");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  /** {@code ~ nightly: cron '0 2 * * *' -> '0 3 * * *'}, as apply prints it. */
  public String line() {
    return op.symbol + " " + name + (detail.isEmpty() ? "" : ": " + detail);
  }

  /** True when apply changes something for this schedule. */
  public boolean changes() {
    return op == Op.CREATE || op == Op.UPDATE || op == Op.DELETE;
  }
}
