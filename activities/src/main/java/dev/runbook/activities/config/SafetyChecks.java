package dev.runbook.activities.config;

import dev.runbook.activities.config.InstanceConfig.HomeConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings each valid on its own that together would destroy data: a backup root or mount of {@code /},
 * snapshots or copies inside the home they capture, two instances restoring over one home or one
 * database, two nodes of an instance on one host, and names that a command would read as an option.
 */
final class SafetyChecks {
  private final ConfigValidator v;

  SafetyChecks(ConfigValidator v) {
    this.v = v;
  }

  /** Why {@code value} is not a plain absolute path, or empty when it is one. */
  static Optional<String> pathProblem(String value) {
    if (!value.startsWith("/")) {
      return Optional.of("not an absolute path");
    }
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Optional.of("holds a control character (a line break or tab): write the path on one line");
    }
    String plain;
    try {
      plain = Path.of(value).normalize().toString();
    } catch (InvalidPathException e) {
      return Optional.of("not a valid path");
    }
    if (!plain.equals(trim(value))) {
      return Optional.of("not a plain path: write it without '.', '..' or '//' (" + plain + ")");
    }
    return Optional.empty();
  }

  /** Refuses {@code /} for a directory runbook writes into, moves aside or deletes from. */
  void notRoot(String path, String dir, String what) {
    if (dir != null && trim(dir).equals("/")) {
      v.add(path, "must not be / : " + what + "; give a directory of its own");
    }
  }

  /** Refuses a value a command would take for an option (it would run with another meaning); true when refused. */
  boolean noOption(String path, String value) {
    if (value != null && value.startsWith("-")) {
      v.add(path, "must not start with '-': a command would read it as an option");
      return true;
    }
    return false;
  }

  /**
   * A directory restore points are kept in (dumps, snapshots, copies): never {@code /}, never a home
   * mount itself and, unless {@code insideAllowed}, never inside one, because a restore moves the home
   * aside with whatever lies inside it.
   */
  void storage(String path, String dir, HomeConfig home, boolean insideAllowed) {
    if (dir == null || pathProblem(dir).isPresent()) {
      return;
    }
    notRoot(path, dir, "restore points are written into it and deleted from it");
    for (String m : home == null ? java.util.List.<String>of() : home.mounts()) {
      boolean same = m != null && trim(dir).equals(trim(m));
      if (m != null && !trim(dir).equals("/") && (same || (!insideAllowed && within(dir, m)))) {
        v.add(path, (same ? "is the home mount " : "lies inside the home mount ") + m
            + ": a restore moves the home aside, and whatever lies inside it; choose a directory outside " + m);
        return;
      }
    }
  }

  /** Two instances on one home or one database would restore over each other; two nodes need two hosts. */
  void acrossInstances(List<InstanceConfig> instances) {
    Map<String, String> homes = new HashMap<>();
    Map<String, String> databases = new HashMap<>();
    for (int i = 0; i < instances.size(); i++) {
      InstanceConfig in = instances.get(i);
      String at = "instances[" + i + "]";
      nodesOnOwnHosts(at, in);
      homes(homes, at + ".home", in.home(), "instance '" + in.name() + "'");
      for (int j = 0; j < in.mesh().size(); j++) {
        MeshNodeConfig node = in.mesh().get(j);
        if (node != null) {
          homes(homes, at + ".mesh[" + j + "].home", node.home(), "Mesh node '" + node.name() + "' of instance '" + in.name() + "'");
        }
      }
      String db = in.database() == null ? null : in.database().identity();
      if (db != null && databases.containsKey(db)) {
        v.add(at + ".database", "instance '" + databases.get(db) + "' already uses this database: two instances on "
            + "one database restore over each other; give each its own");
      } else if (db != null) {
        databases.put(db, in.name());
      }
    }
  }

  /** Records a home's mounts under {@code owner}, refusing one that overlaps a home recorded before. */
  private void homes(Map<String, String> homes, String at, HomeConfig home, String owner) {
    if (home == null || home.host() == null) {
      return;
    }
    for (int j = 0; j < home.mounts().size(); j++) {
      String m = home.mounts().get(j);
      String other = m == null ? null : overlapping(homes, home.host(), m);
      if (other != null) {
        v.add(at + ".mounts[" + j + "]", other + " already uses " + m + " (or a directory around it) on host "
            + home.host() + ": two homes on one directory restore over each other");
      } else if (m != null) {
        homes.put(home.host() + " " + trim(m), owner);
      }
    }
  }

  private void nodesOnOwnHosts(String at, InstanceConfig in) {
    Map<String, String> hosts = new HashMap<>();
    for (int i = 0; i < in.nodes().size(); i++) {
      InstanceConfig.NodeConfig n = in.nodes().get(i);
      if (n.host() != null && hosts.putIfAbsent(n.host(), String.valueOf(n.name())) != null) {
        v.add(at + ".nodes[" + i + "].host", "node '" + hosts.get(n.host()) + "' already runs on host " + n.host()
            + ": each Bitbucket node needs its own host, because services are stopped and started host by host");
      }
    }
  }

  private static String overlapping(Map<String, String> homes, String host, String mount) {
    for (Map.Entry<String, String> e : homes.entrySet()) {
      String[] hostAndMount = e.getKey().split(" ", 2);
      if (hostAndMount[0].equals(host) && (within(mount, hostAndMount[1]) || within(hostAndMount[1], mount))) {
        return e.getValue();
      }
    }
    return null;
  }

  /** True when {@code path} is {@code dir} or lies under it. */
  static boolean within(String path, String dir) {
    String p = trim(path);
    String d = trim(dir);
    return p.equals(d) || p.startsWith(d.equals("/") ? "/" : d + "/");
  }

  static String trim(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
