package dev.runbook.activities.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ZFS restore keeps the current dataset and its newer snapshots, and undo puts them back; through the command seam. */
class ZfsRestoreTest {
  static final String ID = "prod-20261121T030000Z";
  static final String STAMP = "20261130031500";
  static final String KEPT = "tank/home.pre-restore-" + STAMP;

  @TempDir
  Path dir;

  private final FakeZfs zfs = new FakeZfs();

  private HomeFixture fixture() throws Exception {
    return new HomeFixture(dir, "home: {host: files, mounts: [/srv/home], snapshot: {provider: zfs, datasets: [tank/home]}}",
        () -> zfs);
  }

  private static HomeRequest request() {
    return new HomeRequest("files", "prod", ID, List.of(new Artifact("home:tank/home", Artifact.HOME, "zfs", "files",
        "tank/home@" + ID, null, 0)), STAMP);
  }

  @Test
  void restoreClonesTheSnapshotIntoPlaceAndKeepsTheCurrentDatasetWithItsMountpointAside() throws Exception {
    zfs.add("tank/home", "today's home", "/srv/home", "prod-20261120T030000Z", ID, "prod-20261122T030000Z");
    try (HomeFixture f = fixture()) {
      var plan = f.home.planRestore(request());
      assertThat(plan.undoable()).isTrue();
      assertThat(plan.lines()).containsExactly("rename tank/home to " + KEPT + " (mounted at /srv/home.pre-restore-" + STAMP
          + "), clone tank/home@" + ID + " as tank/home and promote it; the newer snapshots tank/home@prod-20261122T030000Z "
          + "stay with " + KEPT);
      assertThat(zfs.ran).noneMatch(c -> c.contains("rename") || c.contains("clone") || c.contains("rollback"));

      assertThat(f.home.restoreHome(request()).keptAs()).containsExactly(KEPT);

      FakeZfs.Dataset restored = zfs.get("tank/home");
      assertThat(restored.contents).isEqualTo("contents at " + ID);
      assertThat(restored.mounted()).isEqualTo("/srv/home");
      assertThat(restored.snapshots.keySet()).containsExactly("prod-20261120T030000Z", ID); // retention still finds them
      FakeZfs.Dataset kept = zfs.get(KEPT);
      assertThat(kept.contents).isEqualTo("today's home");
      assertThat(kept.mounted()).isEqualTo("/srv/home.pre-restore-" + STAMP);
      assertThat(kept.snapshots.keySet()).containsExactly("prod-20261122T030000Z");
      assertThat(zfs.ran).noneMatch(c -> c.contains("rollback"));

      int before = zfs.ran.size();
      assertThat(f.home.restoreHome(request()).keptAs()).containsExactly(KEPT); // a retry changes nothing
      assertThat(zfs.ran.subList(before, zfs.ran.size())).allMatch(c -> c.startsWith("zfs list") || c.startsWith("zfs get"));

      f.home.undoRestore(request());
      assertThat(zfs.datasets.keySet()).containsExactly("tank/home");
      FakeZfs.Dataset back = zfs.get("tank/home");
      assertThat(back.contents).isEqualTo("today's home");
      assertThat(back.mounted()).isEqualTo("/srv/home");
      assertThat(back.snapshots.keySet()).containsExactly("prod-20261120T030000Z", ID, "prod-20261122T030000Z");
      assertThat(back.origin()).isEqualTo("-");
    }
  }

  @Test
  void anAttemptCutShortBeforeThePromoteIsFinishedByTheRetryAndADerivedMountpointNeedsNoSetting() throws Exception {
    zfs.add("tank/home", "today's home", null, ID);
    zfs.failOnce = argv -> argv.contains("promote");
    try (HomeFixture f = fixture()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.home.restoreHome(request()))
          .hasMessageContaining("zfs promote tank/home");
      assertThat(zfs.get(KEPT).contents).isEqualTo("today's home");

      f.home.restoreHome(request());
      assertThat(zfs.get("tank/home").contents).isEqualTo("contents at " + ID);
      assertThat(zfs.get("tank/home").mounted()).isEqualTo("/tank/home");
      assertThat(zfs.get(KEPT).mounted()).isEqualTo("/" + KEPT);
      assertThat(zfs.ran).noneMatch(c -> c.contains("mountpoint="));

      f.home.undoRestore(request());
      assertThat(zfs.get("tank/home").contents).isEqualTo("today's home");
      assertThat(zfs.get("tank/home").snapshots.keySet()).containsExactly(ID);
      assertThat(zfs.get(KEPT)).isNull();
      f.home.undoRestore(request()); // nothing kept any more: a no-op
      assertThat(zfs.get("tank/home").contents).isEqualTo("today's home");
    }
  }

  @Test
  void thePlanRefusesAKeptNameInUseAndChildDatasets() throws Exception {
    zfs.add("tank/home", "today's home", "/srv/home", ID);
    zfs.add(KEPT, "an earlier copy", null);
    try (HomeFixture f = fixture()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.home.planRestore(request()))
          .hasMessageContaining(KEPT + " exists already");
      zfs.datasets.remove(KEPT);
      zfs.add("tank/home/repos", "a child", null);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.home.planRestore(request()))
          .hasMessageContaining("tank/home has child datasets");
    }
  }
}
