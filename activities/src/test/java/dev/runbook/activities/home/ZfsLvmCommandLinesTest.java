package dev.runbook.activities.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.activities.home.lvm.LvmConfig;
import dev.runbook.activities.home.lvm.LvmProvider;
import dev.runbook.activities.home.zfs.ZfsConfig;
import dev.runbook.activities.home.zfs.ZfsProvider;
import dev.runbook.activities.host.HostContext;
import dev.runbook.workflows.home.Artifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ZFS and LVM cannot run here (no module, no device-mapper): their command lines and parsing go through the seam. */
class ZfsLvmCommandLinesTest {
  static final String ID = "prod-20261121T030000Z";

  @TempDir
  Path dir;
  private HostContext host;

  /** A shell that records each command and answers from a function. */
  static final class Seam implements HostShell {
    final List<Command> ran = new ArrayList<>();
    final Function<Command, Integer> exit;

    Seam(Function<Command, Integer> exit) {
      this.exit = exit;
    }

    @Override
    public CommandResult run(Command c, Runnable tick) {
      ran.add(c);
      return new CommandResult(exit.apply(c), "", exit.apply(c) == 0 ? "" : "cannot open 'x': dataset does not exist", Duration.ZERO);
    }

    @Override
    public String describe() {
      return "seam";
    }

    @Override
    public void close() {
    }

    List<String> lines() {
      return ran.stream().map(c -> (c.privileged() ? "[priv] " : "") + String.join(" ", c.argv())).toList();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    Path config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts: [{name: files}]
        instances:
          - name: prod
            mode: locked
            bitbucket: {baseUrl: 'http://127.0.0.1:1', username: a, password: env:X}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [/srv/a, /srv/b], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /tmp}
        """);
    ConfigSource source = new ConfigSource(config);
    host = HostContext.of("files", source, () -> null, "agent");
  }

  private HomeJob job(HostShell shell) {
    return new HomeJob(host, host.config().current().instance("prod").orElseThrow(), ID, null, shell);
  }

  @Test
  void zfsSnapshotsEveryDatasetInOneAtomicCommand() {
    ZfsProvider zfs = new ZfsProvider(new ZfsConfig(List.of("tank/home", "tank/shared"), null));
    // The "does it exist" probes answer no, so there is nothing to clean first.
    Seam seam = new Seam(c -> c.argv().contains("list") ? 1 : 0);
    var outcome = zfs.snapshot(job(seam));
    assertThat(seam.lines()).containsExactly(
        "zfs list -H -t snapshot -o name tank/home@" + ID,
        "zfs list -H -t snapshot -o name tank/shared@" + ID,
        "[priv] zfs snapshot tank/home@" + ID + " tank/shared@" + ID);
    assertThat(outcome.artifacts()).extracting(Artifact::location).containsExactly("tank/home@" + ID, "tank/shared@" + ID);
  }

  @Test
  void zfsDeletesOnlyThisRestorePointsSnapshots() {
    ZfsProvider zfs = new ZfsProvider(new ZfsConfig(List.of("tank/home"), null));
    Seam seam = new Seam(c -> 0);
    zfs.delete(job(seam), List.of(new Artifact("home:tank/home", Artifact.HOME, "zfs", "files", "tank/home@" + ID, null, 0)));
    assertThat(seam.lines()).containsExactly("zfs list -H -t snapshot -o name tank/home@" + ID, "[priv] zfs destroy tank/home@" + ID);
    assertThatThrownBy(() -> zfs.delete(job(seam), List.of(new Artifact("home", Artifact.HOME, "zfs", "files",
        "tank/home@prod-staging-20261121T030000Z", null, 0)))).hasMessageContaining("refusing to destroy");
  }

  @Test
  void zfsCheckNamesAMissingDataset() {
    ZfsProvider zfs = new ZfsProvider(new ZfsConfig(List.of("tank/nope"), null));
    assertThatThrownBy(() -> zfs.check(job(new Seam(c -> 1))))
        .isInstanceOfSatisfying(io.temporal.failure.ApplicationFailure.class, f -> assertThat(f.getOriginalMessage())
            .isEqualTo("ZFS dataset tank/nope does not exist (zfs list failed)"));
  }

  @Test
  void lvmCreatesOneSnapshotPerVolumeAndRemovesThemOnFailure() {
    LvmProvider lvm = new LvmProvider(new LvmConfig(List.of("vg0/home", "vg0/shared"), "10G", null));
    Seam ok = new Seam(c -> c.argv().get(0).equals("lvs") ? 1 : 0);
    var outcome = lvm.snapshot(job(ok));
    assertThat(ok.lines()).containsExactly(
        "[priv] lvs --noheadings -o lv_name vg0/home-" + ID,
        "[priv] lvs --noheadings -o lv_name vg0/shared-" + ID,
        "[priv] lvcreate --snapshot --name home-" + ID + " --size 10G vg0/home",
        "[priv] lvcreate --snapshot --name shared-" + ID + " --size 10G vg0/shared");
    assertThat(outcome.artifacts()).extracting(Artifact::location).containsExactly("vg0/home-" + ID, "vg0/shared-" + ID);

    // The second lvcreate fails: the first snapshot is removed again.
    Seam failing = new Seam(c -> c.argv().contains("vg0/shared") ? 5 : c.argv().get(0).equals("lvs")
        && c.argv().contains("vg0/shared-" + ID) ? 1 : 0);
    assertThatThrownBy(() -> lvm.snapshot(job(failing))).hasMessageContaining("lvcreate --snapshot --name shared-" + ID);
    assertThat(failing.lines()).contains("[priv] lvremove -f vg0/home-" + ID);
  }

  @Test
  void zfsClonesEachSnapshotForVerificationMountedApartAndDestroysOnlyItsOwnClones() {
    ZfsProvider zfs = new ZfsProvider(new ZfsConfig(List.of("tank/home", "tank/shared"), null));
    List<Artifact> snapshots = List.of(
        new Artifact("home:tank/home", Artifact.HOME, "zfs", "files", "tank/home@" + ID, null, 0),
        new Artifact("home:tank/shared", Artifact.HOME, "zfs", "files", "tank/shared@" + ID, null, 0));
    Seam fresh = new Seam(c -> c.argv().contains("list") ? 1 : 0);
    List<String> paths = zfs.cloneToScratch(job(fresh), snapshots, "verify_0123abcd");
    assertThat(paths).containsExactly("/run/runbook-verify/prod/verify_0123abcd-1", "/run/runbook-verify/prod/verify_0123abcd-2");
    assertThat(fresh.lines()).containsExactly(
        "zfs list -H -o name tank/home.verify_0123abcd",
        "zfs list -H -o name tank/shared.verify_0123abcd",
        "[priv] zfs clone -o mountpoint=/run/runbook-verify/prod/verify_0123abcd-1 -o sharenfs=off -o sharesmb=off tank/home@"
            + ID + " tank/home.verify_0123abcd",
        "[priv] zfs clone -o mountpoint=/run/runbook-verify/prod/verify_0123abcd-2 -o sharenfs=off -o sharesmb=off tank/shared@"
            + ID + " tank/shared.verify_0123abcd");

    Seam existing = new Seam(c -> 0);
    zfs.deleteScratch(job(existing), snapshots.subList(0, 1), "verify_0123abcd");
    assertThat(existing.lines()).containsExactly("zfs list -H -o name tank/home.verify_0123abcd",
        "[priv] zfs destroy tank/home.verify_0123abcd");
    assertThatThrownBy(() -> zfs.deleteScratch(job(existing), List.of(new Artifact("home", Artifact.HOME, "zfs", "files",
        "tank/other@" + ID, null, 0)), "verify_0123abcd")).hasMessageContaining("is not a snapshot of restore point");
  }

  @Test
  void aProviderWithoutScratchCopiesSaysSoAndHasNothingToDelete() {
    LvmProvider lvm = new LvmProvider(new LvmConfig(List.of("vg0/home"), "10G", null));
    Seam seam = new Seam(c -> 0);
    assertThatThrownBy(() -> lvm.cloneToScratch(job(seam), List.of(), "verify_0123abcd"))
        .isInstanceOfSatisfying(io.temporal.failure.ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("NotImplemented");
          assertThat(f.isNonRetryable()).isTrue();
          // The message names the configured provider (this seam's configuration says btrfs).
          assertThat(f.getOriginalMessage()).startsWith("a writable clone of its snapshots for restore verification is not "
              + "supported yet for home provider '");
        });
    lvm.deleteScratch(job(seam), List.of(), "verify_0123abcd");
    assertThat(seam.ran).isEmpty();
  }
}
