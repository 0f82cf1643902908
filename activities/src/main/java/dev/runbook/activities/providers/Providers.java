package dev.runbook.activities.providers;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import dev.runbook.activities.config.DatabaseConfig;
import dev.runbook.activities.config.SnapshotConfig;
import dev.runbook.activities.database.DatabaseProvider;
import dev.runbook.activities.database.fslevel.FsLevelConfig;
import dev.runbook.activities.database.fslevel.FsLevelProvider;
import dev.runbook.activities.database.postgresql.PgDumpProvider;
import dev.runbook.activities.database.postgresql.PostgresqlConfig;
import dev.runbook.activities.database.rds.RdsConfig;
import dev.runbook.activities.database.rds.RdsProvider;
import dev.runbook.activities.home.SnapshotProvider;
import dev.runbook.activities.home.btrfs.BtrfsConfig;
import dev.runbook.activities.home.btrfs.BtrfsProvider;
import dev.runbook.activities.home.command.CommandConfig;
import dev.runbook.activities.home.command.CommandProvider;
import dev.runbook.activities.home.ebs.EbsConfig;
import dev.runbook.activities.home.ebs.EbsProvider;
import dev.runbook.activities.home.lvm.LvmConfig;
import dev.runbook.activities.home.lvm.LvmProvider;
import dev.runbook.activities.home.rsync.RsyncConfig;
import dev.runbook.activities.home.rsync.RsyncProvider;
import dev.runbook.activities.home.zfs.ZfsConfig;
import dev.runbook.activities.home.zfs.ZfsProvider;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one list of providers. Adding one is its package, one line here and its docs (docs/providers.md):
 * the configuration reader, {@code config validate}'s messages, the host activities and the
 * workflows find it through this list.
 */
public final class Providers {
  /** Home snapshot providers, in the order error messages list them. */
  public static final List<ProviderType<SnapshotConfig, SnapshotProvider>> HOME = List.of(
      ProviderType.of("btrfs", BtrfsConfig.class, BtrfsProvider::new),
      ProviderType.of("zfs", ZfsConfig.class, ZfsProvider::new),
      ProviderType.of("lvm", LvmConfig.class, LvmProvider::new),
      ProviderType.of("command", CommandConfig.class, CommandProvider::new),
      ProviderType.of("rsync", RsyncConfig.class, RsyncProvider::new),
      ProviderType.of("ebs", EbsConfig.class, EbsProvider::new));

  /** Database providers, in the order error messages list them. */
  public static final List<ProviderType<DatabaseConfig, DatabaseProvider>> DATABASE = List.of(
      ProviderType.of("postgresql", PostgresqlConfig.class, PgDumpProvider::new),
      ProviderType.of("postgresql-fslevel", FsLevelConfig.class, FsLevelProvider::new),
      ProviderType.of("rds", RdsConfig.class, RdsProvider::new));

  private Providers() {}

  /** Every configuration record under its name, for Jackson's {@code registerSubtypes}. */
  public static NamedType[] namedTypes() {
    return Stream.concat(HOME.stream(), DATABASE.stream()).map(t -> new NamedType(t.configType(), t.name()))
        .toArray(NamedType[]::new);
  }

  /** The names registered for configurations of {@code base}, in order; empty for other types. */
  public static List<String> names(Class<?> base) {
    if (base == SnapshotConfig.class) {
      return HOME.stream().map(ProviderType::name).toList();
    }
    if (base == DatabaseConfig.class) {
      return DATABASE.stream().map(ProviderType::name).toList();
    }
    return List.of();
  }

  /** The name {@code config}'s record is registered under. */
  public static String nameOf(Object config) {
    return Stream.concat(HOME.stream(), DATABASE.stream()).filter(t -> t.configType() == config.getClass())
        .map(ProviderType::name).findFirst()
        .orElseThrow(() -> new IllegalStateException(config.getClass().getName() + " is not registered in Providers"));
  }

  /** The home snapshot provider {@code config} configures. */
  public static SnapshotProvider home(SnapshotConfig config) {
    return find(HOME, config).create(config);
  }

  /** The database provider {@code config} configures. */
  public static DatabaseProvider database(DatabaseConfig config) {
    return find(DATABASE, config).create(config);
  }

  private static <B, P> ProviderType<B, P> find(List<ProviderType<B, P>> types, B config) {
    return types.stream().filter(t -> t.configType() == config.getClass()).findFirst()
        .orElseThrow(() -> new IllegalStateException(config.getClass().getName() + " is not registered in Providers"));
  }
}
