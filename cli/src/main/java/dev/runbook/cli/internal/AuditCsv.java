package dev.runbook.cli.internal;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records as CSV (RFC 4180 quoting, a header line, columns in the record's order, times ISO-8601 UTC),
 * with catalog text made safe for a terminal ({@link Terminal#safe}).
 */
public final class AuditCsv {
  private static final CsvMapper CSV = new CsvMapper();

  private AuditCsv() {}

  /** {@code rows} of {@code type} as CSV. */
  public static <T extends Record> String write(Class<T> type, List<T> rows) throws IOException {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    for (RecordComponent c : type.getRecordComponents()) {
      schema.addColumn(c.getName());
    }
    if (rows.isEmpty()) {
      return String.join(",", schema.build().getColumnNames()) + "\n";
    }
    List<Map<String, String>> cells = rows.stream().map(AuditCsv::cells).toList();
    return CSV.writer(schema.build()).writeValueAsString(cells);
  }

  private static Map<String, String> cells(Record row) {
    Map<String, String> out = new LinkedHashMap<>();
    for (RecordComponent c : row.getClass().getRecordComponents()) {
      try {
        Object v = c.getAccessor().invoke(row);
        out.put(c.getName(), v == null ? "" : Terminal.safe(v.toString()));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }
}
