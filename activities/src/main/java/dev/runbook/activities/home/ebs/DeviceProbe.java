package dev.runbook.activities.home.ebs;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Looks at the home host's block devices through commands ({@code findmnt}, {@code realpath}), run
 * by {@code run}: stdout when the command exits 0, empty otherwise. The home steps pass their host
 * shell; tests run the commands locally.
 */
public record DeviceProbe(Function<List<String>, Optional<String>> run) {
  /** The real path of the block device mounted at {@code mount}. */
  public Optional<String> deviceOf(String mount) {
    return run.apply(List.of("findmnt", "-n", "-o", "SOURCE", "--mountpoint", mount))
        .map(String::strip).filter(s -> s.startsWith("/dev/")).flatMap(this::blockDevice);
  }

  /** The real path of {@code path} when it is a block device. */
  public Optional<String> blockDevice(String path) {
    return run.apply(List.of("sh", "-c", "test -b \"$1\" && realpath -e \"$1\"", "sh", path))
        .map(String::strip).filter(s -> !s.isEmpty());
  }

  /** The first of {@code candidates} that is a block device, as its real path. */
  public Optional<String> firstBlockDevice(List<String> candidates) {
    for (String c : candidates) {
      Optional<String> d = blockDevice(c);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }
}
