package dev.runbook.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with left-aligned columns; the last column is not padded. Cells go through
 * {@link Terminal#safe}, so no cell can send a control sequence to the terminal.
 */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();

  public Table(String... header) {
    rows.add(header);
  }

  public Table row(String... cells) {
    String[] safe = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      safe[i] = cells[i] == null ? "" : Terminal.safe(cells[i]);
    }
    rows.add(safe);
    return this;
  }

  public void print(PrintWriter out, String indent) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns - 1; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder(indent);
      for (int i = 0; i < columns; i++) {
        b.append(i < columns - 1 ? String.format("%-" + width[i] + "s  ", r[i]) : r[i]);
      }
      out.println(b.toString().stripTrailing());
    }
  }
}
