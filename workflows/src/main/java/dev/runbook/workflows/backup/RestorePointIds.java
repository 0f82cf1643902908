package dev.runbook.workflows.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Restore point ids: {@code <instance>-<UTC yyyyMMdd'T'HHmmss'Z'>}, for example
 * {@code prod-20261121T030000Z}. One id labels every artifact of the restore point. Matching is
 * exact: {@code bitbucket-staging-20261121T030000Z} is not a restore point of {@code bitbucket}.
 */
public final class RestorePointIds {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RestorePointIds() {}

  /** The id of {@code instance}'s restore point started at {@code at}. */
  public static String of(String instance, Instant at) {
    return instance + "-" + TIME.format(at);
  }

  /** True when {@code id} is a restore point id of exactly {@code instance}. */
  public static boolean belongsTo(String instance, String id) {
    return id != null && Pattern.matches(Pattern.quote(instance) + "-\\d{8}T\\d{6}Z", id);
  }
}
