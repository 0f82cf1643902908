package dev.runbook.workflows.mirror;

import java.util.Locale;

/** Compares base URLs as Bitbucket stores them: the case and a trailing slash do not matter. */
public final class MirrorUrls {
  private MirrorUrls() {}

  /** True when both are present and name the same URL. */
  public static boolean same(String a, String b) {
    return a != null && b != null && normal(a).equals(normal(b));
  }

  private static String normal(String url) {
    String u = url.trim().toLowerCase(Locale.ROOT);
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }
}
