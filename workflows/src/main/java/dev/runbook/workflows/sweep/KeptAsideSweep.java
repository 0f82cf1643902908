package dev.runbook.workflows.sweep;

import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.config.ResolvedInstance.MeshView;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseRequest;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.KeptAside;
import dev.runbook.workflows.home.KeptAsideList;
import dev.runbook.workflows.internal.Attempt;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.internal.RunRecorder;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sweep's pass over what restores kept aside: lists the homes (the shared home's and each Mesh node's, on
 * its own host) and databases of one instance older than its {@code keepAside}, and deletes them when
 * {@code apply}. Workflow code.
 */
final class KeptAsideSweep {
  /** The change that made the sweep list and delete the homes restores kept aside on Mesh nodes too. */
  static final String MESH_CHANGE = "sweep-mesh-kept-aside";

  private final RunRecorder recorder;
  private final List<SweepItem> items;
  private final boolean apply;
  private final Instant now;

  KeptAsideSweep(RunRecorder recorder, List<SweepItem> items, boolean apply, Instant now) {
    this.recorder = recorder;
    this.items = items;
    this.apply = apply;
    this.now = now;
  }

  void sweep(ResolvedInstance in, Duration keepAside) {
    HomeActivities home = HostSteps.on(HomeActivities.class, in.host(in.homeHost()), HostSteps.CHECK);
    DatabaseActivities db = HostSteps.on(DatabaseActivities.class, in.host(in.databaseHost()), HostSteps.CHECK);
    List<KeptAside> old = new ArrayList<>();
    Attempt<KeptAsideList> homes = recorder.attempt("list homes kept aside for " + in.name(), in.homeHost(),
        () -> home.keptAsideHomes(HomeRequest.of(in.homeHost(), in.name(), null)), l -> describe(l, keepAside));
    Attempt<KeptAsideList> dbs = recorder.attempt("list databases kept aside for " + in.name(), in.databaseHost(),
        () -> db.keptAsideDatabases(DatabaseRequest.of(in.databaseHost(), in.name(), null)), l -> describe(l, keepAside));
    for (Attempt<KeptAsideList> listed : List.of(homes, dbs)) {
      if (!listed.ok()) {
        items.add(new SweepItem("kept-aside", in.name(), SweepItem.Outcome.FAILED, "could not list: " + listed.error()));
        continue;
      }
      listed.value().kept().stream().filter(k -> expired(k, keepAside)).forEach(old::add);
    }
    // Since MESH_CHANGE each Mesh node's home too, on the node's host; runs recorded before looked at the shared home only.
    boolean mesh = !in.mesh().isEmpty() && Workflow.getVersion(MESH_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    for (MeshView node : mesh ? in.mesh() : List.<MeshView>of()) {
      HomeActivities meshHome = HostSteps.on(HomeActivities.class, in.host(node.host()), HostSteps.CHECK);
      Attempt<KeptAsideList> listed = recorder.attempt("list Mesh homes of " + node.name() + " kept aside for " + in.name(),
          node.host(), () -> meshHome.keptAsideHomes(HomeRequest.of(node.host(), in.name(), null).onMesh(node.name(), node.host())),
          l -> describe(l, keepAside));
      if (!listed.ok()) {
        items.add(new SweepItem("kept-aside", in.name(), SweepItem.Outcome.FAILED, "could not list the kept homes of Mesh node "
            + node.name() + ": " + listed.error()));
        continue;
      }
      listed.value().kept().stream().filter(k -> expired(k, keepAside)).forEach(old::add);
    }
    for (KeptAside k : old) {
      String kind = KeptAside.HOME.equals(k.kind()) ? "kept-home" : "kept-database";
      String found = (k.mesh() == null ? "" : "home of Mesh node " + k.mesh() + ", ") + "kept aside by a restore at " + k.keptAt() + " on " + k.host() + ", older than keepAside ("
          + keepAside.toHours() + " h)";
      if (!apply) {
        items.add(new SweepItem(kind, k.name(), SweepItem.Outcome.LISTED, found + "; runbook sweep --apply deletes it"));
        continue;
      }
      Attempt<String> deleted = recorder.attempt("delete " + k.kind() + " kept aside: " + k.name(), k.host(), () -> {
        if (KeptAside.HOME.equals(k.kind())) {
          HostSteps.on(HomeActivities.class, in.host(k.host()), HostSteps.DELETE).deleteKeptAsideHome(k);
        } else {
          HostSteps.on(DatabaseActivities.class, in.host(k.host()), HostSteps.DELETE).dropKeptAsideDatabase(k);
        }
        return "deleted";
      }, s -> s);
      items.add(deleted.ok() ? new SweepItem(kind, k.name(), SweepItem.Outcome.DONE, found + "; deleted")
          : new SweepItem(kind, k.name(), SweepItem.Outcome.FAILED, found + "; failed: " + deleted.error()));
    }
  }

  private boolean expired(KeptAside k, Duration keepAside) {
    return k.keptAt().plus(keepAside).isBefore(now);
  }

  private String describe(KeptAsideList l, Duration keepAside) {
    long expired = l.kept().stream().filter(k -> expired(k, keepAside)).count();
    return l.kept().size() + " kept, " + expired + " older than " + keepAside.toHours() + " h";
  }
}
