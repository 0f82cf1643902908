package dev.runbook.activities.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeSnapshot;
import dev.runbook.workflows.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Snapshot providers on real loop-mounted filesystems with real fsfreeze. */
class HomeProvidersTest {
  static final String ID = "prod-20261121T030000Z";
  static LoopFilesystems fs;

  @RegisterExtension
  static final LoopFs LOOP = new LoopFs(created -> fs = created);

  static String typeOf(Throwable t) {
    return Failures.type(t);
  }

  @Test
  void btrfsTakesAReadOnlySnapshotAndDeletesExactlyIt() throws Exception {
    Path b = fs.btrfs("b1", 200);
    Path shared = fs.subvolume(b.resolve("shared"));
    Files.writeString(shared.resolve("repo.txt"), "before");
    Files.createDirectories(b.resolve(".snapshots"));
    try (HomeFixture f = new HomeFixture(fs.dir(), "home: {host: files, mounts: [" + shared + "], snapshot: {provider: btrfs}}")) {
      assertThat(f.home.checkHome(HomeRequest.of("files", "prod", null)).evidence()).contains(shared + ": btrfs subvolume");

      HomeSnapshot s = f.home.snapshotHome(HomeRequest.of("files", "prod", ID));
      Path snap = Path.of(s.artifacts().get(0).location());
      assertThat(snap).isEqualTo(b.resolve(".snapshots/" + ID));
      assertThat(s.freezeStartedAt()).as("btrfs is never frozen").isNull();
      Files.writeString(shared.resolve("repo.txt"), "after");
      assertThat(Files.readString(snap.resolve("repo.txt"))).isEqualTo("before");
      assertThatThrownBy(() -> Files.writeString(snap.resolve("x"), "x")).hasMessageContaining("Read-only");

      // A retried step replaces what a first attempt left under the same id.
      HomeSnapshot again = f.home.snapshotHome(HomeRequest.of("files", "prod", ID));
      assertThat(Files.readString(Path.of(again.artifacts().get(0).location()).resolve("repo.txt"))).isEqualTo("after");

      Artifact foreign = new Artifact("home", Artifact.HOME, "btrfs", "files", b.resolve(".snapshots/prod-staging-20261121T030000Z").toString(), null, 0);
      assertThatThrownBy(() -> f.home.deleteHomeSnapshot(new HomeRequest("files", "prod", ID, List.of(foreign))))
          .satisfies(t -> assertThat(typeOf(t)).isEqualTo(FailureTypes.PRECONDITION_FAILED));
      assertThatThrownBy(() -> f.home.deleteHomeSnapshot(HomeRequest.of("files", "prod", "prod-staging-20261121T030000Z")))
          .satisfies(t -> assertThat(typeOf(t)).isEqualTo(FailureTypes.INVALID_INPUT));

      f.home.deleteHomeSnapshot(new HomeRequest("files", "prod", ID, again.artifacts()));
      assertThat(snap).doesNotExist();
      f.home.deleteHomeSnapshot(new HomeRequest("files", "prod", ID, again.artifacts()));
    }
  }

  /** A home subvolume {@code shared} holding repo.txt "at backup", with a snapshot directory beside it. */
  private Path sharedHome(Path btrfs) throws Exception {
    Path shared = fs.subvolume(btrfs.resolve("shared"));
    Files.writeString(shared.resolve("repo.txt"), "at backup");
    Files.createDirectories(btrfs.resolve(".snapshots"));
    return shared;
  }

  @Test
  void btrfsRestoreKeepsTheCurrentHomeAsideAndUndoPutsItBack() throws Exception {
    Path b = fs.btrfs("b5", 200);
    Path shared = sharedHome(b);
    try (HomeFixture f = new HomeFixture(fs.dir(), "home: {host: files, mounts: [" + shared + "], snapshot: {provider: btrfs}}")) {
      HomeSnapshot s = f.home.snapshotHome(HomeRequest.of("files", "prod", ID));
      Files.writeString(shared.resolve("repo.txt"), "changed later");
      HomeRequest request = new HomeRequest("files", "prod", ID, s.artifacts(), "20261121040000");
      Path kept = Path.of(shared + ".pre-restore-20261121040000");

      assertThat(f.home.planRestore(request).lines()).containsExactly("move " + shared + " aside to " + kept
          + ", put a writable snapshot of " + b.resolve(".snapshots/" + ID) + " in its place");
      assertThat(f.home.restoreHome(request).keptAs()).containsExactly(kept.toString());
      assertThat(Files.readString(shared.resolve("repo.txt"))).isEqualTo("at backup");
      Files.writeString(shared.resolve("writable.txt"), "yes"); // a writable subvolume, not the read-only snapshot
      assertThat(Files.readString(kept.resolve("repo.txt"))).isEqualTo("changed later");
      f.home.restoreHome(request); // a retried step does not move the kept home again
      assertThat(Files.readString(kept.resolve("repo.txt"))).isEqualTo("changed later");
      assertThatThrownBy(() -> f.home.planRestore(request)) // the plan never promises to overwrite a kept home
          .satisfies(t -> assertThat(Failures.describe(t)).startsWith(kept + " exists already"));

      f.home.undoRestore(request);
      assertThat(Files.readString(shared.resolve("repo.txt"))).isEqualTo("changed later");
      assertThat(kept).doesNotExist();
      f.home.undoRestore(request); // nothing left to undo
    }
  }

  @Test
  void aSecondRunOfTheSamePointNeverTakesTheLiveHomeForItsOwnCopy() throws Exception {
    Path b = fs.btrfs("b7", 200);
    Path shared = sharedHome(b);
    try (HomeFixture f = new HomeFixture(fs.dir(), "home: {host: files, mounts: [" + shared + "], snapshot: {provider: btrfs}}")) {
      HomeSnapshot s = f.home.snapshotHome(HomeRequest.of("files", "prod", ID));
      f.home.restoreHome(new HomeRequest("files", "prod", ID, s.artifacts(), "20261121040000")); // run 1 succeeded
      Files.writeString(shared.resolve("repo.txt"), "days of work after run 1");

      HomeRequest second = new HomeRequest("files", "prod", ID, s.artifacts(), "20261124090000");
      f.home.restoreHome(second);
      assertThat(Files.readString(Path.of(shared + ".pre-restore-20261124090000").resolve("repo.txt")))
          .isEqualTo("days of work after run 1");
      f.home.undoRestore(second); // run 2 fails later: its undo brings back the live home, not run 1's copy
      assertThat(Files.readString(shared.resolve("repo.txt"))).isEqualTo("days of work after run 1");
      assertThat(Path.of(shared + ".pre-restore-20261121040000")).exists();
      assertThatThrownBy(() -> f.home.restoreHome(new HomeRequest("files", "prod", ID, s.artifacts())))
          .satisfies(t -> assertThat(Failures.describe(t)).contains("needs the run's keep stamp"));
    }
  }

  @Test
  void aMountPointCannotBeMovedAsideSoItsPlanIsRefused() throws Exception {
    Path b = fs.btrfs("b6", 200);
    Files.createDirectories(b.resolve(".snapshots"));
    try (HomeFixture f = new HomeFixture(fs.dir(), "home: {host: files, mounts: [" + b + "], snapshot: {provider: btrfs, "
        + "snapshotDir: " + b.resolve(".snapshots") + "}}")) {
      HomeSnapshot s = f.home.snapshotHome(HomeRequest.of("files", "prod", ID));
      assertThatThrownBy(() -> f.home.planRestore(new HomeRequest("files", "prod", ID, s.artifacts())))
          .satisfies(t -> assertThat(Failures.describe(t)).startsWith(b + " is a mount point and cannot be moved aside"));
    }
  }

  @Test
  void btrfsRefusesAPlainDirectory() throws Exception {
    Path b = fs.btrfs("b0", 200);
    Path plain = Files.createDirectories(b.resolve("plain"));
    try (HomeFixture f = new HomeFixture(fs.dir(), "home: {host: files, mounts: [" + plain + "], snapshot: {provider: btrfs}}")) {
      assertThatThrownBy(() -> f.home.checkHome(HomeRequest.of("files", "prod", null)))
          .satisfies(t -> assertThat(typeOf(t)).isEqualTo(FailureTypes.PRECONDITION_FAILED))
          .satisfies(t -> assertThat(Failures.describe(t)).isEqualTo(plain + " is not a btrfs subvolume (btrfs subvolume show failed)"));
    }
  }

  @Test
  void commandProviderFreezesAroundAReflinkCopyAndTheCopyMountsWithTheData() throws Exception {
    Path b = fs.btrfs("b2", 300);
    Path snaps = Files.createDirectories(b.resolve("snaps"));
    Path image = b.resolve("home.img");
    Path home = fs.ext4(image, "home2", 64);
    Files.writeString(home.resolve("repo.txt"), "captured");
    Path snapshot = HomeFixture.script(fs.dir(), "snap2.sh",
        "cp --reflink=always " + image + " " + snaps + "/$RUNBOOK_BACKUP_ID.img\necho " + snaps + "/$RUNBOOK_BACKUP_ID.img");
    Path delete = HomeFixture.script(fs.dir(), "del2.sh", "rm -f \"${RUNBOOK_LOCATION:-" + snaps + "/$RUNBOOK_BACKUP_ID.img}\"");
    try (HomeFixture f = new HomeFixture(fs.dir(), "home: {host: files, mounts: [" + home + "], snapshot: {provider: command, "
        + "snapshot: " + snapshot + ", delete: " + delete + ", freeze: true, maxFreeze: 10s}}")) {
      HomeSnapshot s = f.home.snapshotHome(HomeRequest.of("files", "prod", ID));

      assertThat(s.freezeStartedAt()).isNotNull();
      assertThat(s.freezeMillis()).isBetween(0L, 2000L);
      Path copy = Path.of(s.artifacts().get(0).location());
      assertThat(copy).isEqualTo(snaps.resolve(ID + ".img"));
      assertThat(LoopFilesystems.writable(home, 2000)).isTrue();
      Path mounted = fs.mountCopy(copy, "copy2");
      assertThat(Files.readString(mounted.resolve("repo.txt"))).isEqualTo("captured");
      fs.unmount(mounted);

      f.home.deleteHomeSnapshot(new HomeRequest("files", "prod", ID, s.artifacts()));
      assertThat(copy).doesNotExist();
    }
  }

  @Test
  void aFailedFreezeOfTheSecondMountLeavesNothingFrozen() throws Exception {
    Path first = fs.ext4(fs.dir().resolve("first.img"), "first", 32);
    Path second = fs.tmpfs("second");
    Path ran = fs.dir().resolve("snapshot-ran");
    Path snapshot = HomeFixture.script(fs.dir(), "snap3.sh", "touch " + ran);
    try (HomeFixture f = new HomeFixture(fs.dir(), "home: {host: files, mounts: [" + first + ", " + second + "], snapshot: "
        + "{provider: command, snapshot: " + snapshot + ", freeze: true, maxFreeze: 20s}}")) {
      assertThatThrownBy(() -> f.home.snapshotHome(HomeRequest.of("files", "prod", ID)))
          .satisfies(t -> assertThat(Failures.describe(t)).startsWith("could not freeze " + second + ":"));
      assertThat(LoopFilesystems.writable(first, 2000)).as(first + " was left frozen").isTrue();
      assertThat(ran).as("the snapshot script ran although not every mount froze").doesNotExist();
    }
  }

  @Test
  void aFreezeThatOverrunsMaxFreezeIsThawedByTheWatchdogAndDiscarded() throws Exception {
    Path home = fs.ext4(fs.dir().resolve("slow.img"), "slow", 32);
    Path out = Files.createDirectories(fs.dir().resolve("slow-snaps"));
    Path snapshot = HomeFixture.script(fs.dir(), "snap4.sh", "sleep 3\ntouch " + out + "/$RUNBOOK_BACKUP_ID\necho " + out + "/$RUNBOOK_BACKUP_ID");
    Path delete = HomeFixture.script(fs.dir(), "del4.sh", "rm -f " + out + "/$RUNBOOK_BACKUP_ID");
    try (HomeFixture f = new HomeFixture(fs.dir(), "home: {host: files, mounts: [" + home + "], snapshot: {provider: command, "
        + "snapshot: " + snapshot + ", delete: " + delete + ", freeze: true, maxFreeze: 1s}}")) {
      assertThatThrownBy(() -> f.home.snapshotHome(HomeRequest.of("files", "prod", ID)))
          .satisfies(t -> assertThat(typeOf(t)).isEqualTo(FailureTypes.FREEZE_EXCEEDED))
          .satisfies(t -> assertThat(Failures.describe(t)).startsWith("the home stayed frozen longer than maxFreeze (1000 ms)"));
      assertThat(LoopFilesystems.writable(home, 2000)).isTrue();
      assertThat(out.resolve(ID)).doesNotExist();
    }
  }
}
