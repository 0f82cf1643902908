package dev.runbook.activities.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An LVM restore snapshots the current volume before merging, and undo merges that back; through the command seam. */
class LvmRestoreTest {
  static final String ID = "prod-20261121T030000Z";
  static final String STAMP = "20261130031500";
  static final String KEPT = "vg0/home.pre-restore-" + STAMP;

  @TempDir
  Path dir;

  private final FakeLvm lvm = new FakeLvm();

  private HomeFixture fixture() throws Exception {
    lvm.volumes.put("vg0/home", new FakeLvm.Volume("today's home", null));
    lvm.volumes.put("vg0/home-" + ID, new FakeLvm.Volume("the home at " + ID, "vg0/home"));
    return new HomeFixture(dir, "home: {host: files, mounts: [/srv/home], snapshot: {provider: lvm, volumes: [vg0/home], size: 10G}}",
        () -> lvm);
  }

  private static HomeRequest request() {
    return new HomeRequest("files", "prod", ID, List.of(new Artifact("home:vg0/home", Artifact.HOME, "lvm", "files",
        "vg0/home-" + ID, null, 0)), STAMP);
  }

  @Test
  void restoreKeepsTheCurrentVolumeAsASnapshotAndUndoMergesItBack() throws Exception {
    try (HomeFixture f = fixture()) {
      var plan = f.home.planRestore(request());
      assertThat(plan.undoable()).isTrue();
      assertThat(plan.lines()).singleElement().asString().startsWith("lvcreate --snapshot --name home.pre-restore-"
          + STAMP + " --size 10G vg0/home keeps its current contents; then lvconvert --merge vg0/home-" + ID);
      assertThat(lvm.ran).allMatch(c -> c.startsWith("lvs"));

      assertThat(f.home.restoreHome(request()).keptAs()).containsExactly(KEPT);
      assertThat(lvm.volumes.get("vg0/home").contents).isEqualTo("the home at " + ID);
      assertThat(lvm.volumes.get(KEPT).contents).isEqualTo("today's home");
      assertThat(lvm.volumes.get(KEPT).origin).isEqualTo("vg0/home");

      int before = lvm.ran.size();
      f.home.restoreHome(request()); // a retry: the kept snapshot is not taken again of the restored volume
      assertThat(lvm.ran.subList(before, lvm.ran.size())).allMatch(c -> c.startsWith("lvs"));
      assertThat(lvm.volumes.get(KEPT).contents).isEqualTo("today's home");

      f.home.undoRestore(request());
      assertThat(lvm.volumes.get("vg0/home").contents).isEqualTo("today's home");
      assertThat(lvm.volumes).doesNotContainKey(KEPT);
      f.home.undoRestore(request()); // nothing kept any more: a no-op
      assertThat(lvm.volumes.get("vg0/home").contents).isEqualTo("today's home");
    }
  }

  @Test
  void anUndoWhileTheMergeStillWaitsForActivationSaysWhatToDo() throws Exception {
    lvm.originsOpen = true;
    try (HomeFixture f = fixture()) {
      f.home.restoreHome(request());
      assertThat(lvm.volumes.get("vg0/home-" + ID).merging).isTrue();
      assertThat(lvm.volumes.get(KEPT).contents).isEqualTo("today's home");
      assertThatThrownBy(() -> f.home.undoRestore(request()))
          .hasMessageContaining("lvchange -an then -ay").hasMessageContaining("lvconvert --merge " + KEPT);
      assertThat(lvm.volumes.get(KEPT).contents).isEqualTo("today's home");
    }
  }

  @Test
  void thePlanRefusesAKeptNameInUse() throws Exception {
    try (HomeFixture f = fixture()) {
      lvm.volumes.put(KEPT, new FakeLvm.Volume("an earlier copy", "vg0/home"));
      assertThatThrownBy(() -> f.home.planRestore(request())).hasMessageContaining(KEPT + " exists already");
    }
  }
}
