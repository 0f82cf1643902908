package dev.runbook.activities.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What a valid configuration allows but an operator should know: today, Bitbucket URLs in plain
 * {@code http://} to another machine, which send the admin password readable on the network.
 * {@code runbook config validate} and the control worker print these at start.
 */
public final class ConfigWarnings {
  private ConfigWarnings() {}

  /** The warnings for {@code config}, each naming the YAML path at fault and the fix. */
  public static List<String> of(RunbookConfig config) {
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < config.instances().size(); i++) {
      InstanceConfig.BitbucketConfig b = config.instances().get(i).bitbucket();
      plainHttp(warnings, "instances[" + i + "].bitbucket.baseUrl", b == null ? null : b.baseUrl());
    }
    for (int i = 0; i < config.mirrors().size(); i++) {
      MirrorConfig m = config.mirrors().get(i);
      plainHttp(warnings, "mirrors[" + i + "].baseUrl", m.baseUrl());
      for (int n = 0; n < m.nodes().size(); n++) {
        plainHttp(warnings, "mirrors[" + i + "].nodes[" + n + "].url", m.nodes().get(n).url());
      }
    }
    return warnings;
  }

  private static void plainHttp(List<String> warnings, String path, String url) {
    URI uri;
    try {
      uri = url == null ? null : URI.create(url);
    } catch (IllegalArgumentException e) {
      return;
    }
    if (uri != null && "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !loopback(uri.getHost())) {
      warnings.add(path + ": http:// sends the admin password and Bitbucket's answers unencrypted to " + uri.getHost()
          + "; use https://");
    }
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
  }
}
