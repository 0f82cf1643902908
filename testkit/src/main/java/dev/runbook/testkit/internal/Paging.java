package dev.runbook.testkit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Bitbucket's paged response shape, {@code {size, limit, isLastPage, start, nextPageStart, values}}. */
public final class Paging {
  /** Bitbucket's default page size when a request names no {@code limit}. */
  public static final int DEFAULT_LIMIT = 25;

  private Paging() {}

  /**
   * The page of {@code all} that the request's {@code start} (default 0) and {@code limit} (default
   * {@value #DEFAULT_LIMIT}) select, as a 200 response; 400 when either is not a usable number.
   * {@code nextPageStart} is only present when more values follow, as in Bitbucket.
   */
  public static Response page(List<?> all, Request request) {
    OptionalInt start = number(request.query("start").orElse("0"), 0);
    OptionalInt limit = number(request.query("limit").orElse(Integer.toString(DEFAULT_LIMIT)), 1);
    if (start.isEmpty() || limit.isEmpty()) {
      return Response.json(400, Json.errors("start must be a number >= 0 and limit a number >= 1"));
    }
    return Response.json(200, body(all, start.getAsInt(), limit.getAsInt()));
  }

  /** The paged body for {@code all} from {@code start}, at most {@code limit} values. */
  public static Map<String, Object> body(List<?> all, int start, int limit) {
    int from = Math.min(start, all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    boolean last = to >= all.size();
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("size", to - from);
    page.put("limit", limit);
    page.put("isLastPage", last);
    page.put("start", start);
    if (!last) {
      page.put("nextPageStart", to);
    }
    page.put("values", List.copyOf(all.subList(from, to)));
    return page;
  }

  private static OptionalInt number(String text, int min) {
    try {
      int n = Integer.parseInt(text.trim());
      return n >= min ? OptionalInt.of(n) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
