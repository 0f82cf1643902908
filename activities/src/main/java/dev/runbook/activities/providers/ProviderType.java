package dev.runbook.activities.providers;

import java.util.function.Function;

/**
 * One registered provider: its name in the configuration, its configuration record, and how to
 * make the provider from that record.
 *
 * @param name the value of {@code provider:} in runbook.yaml
 * @param configType the provider's configuration record; Jackson reads it for that name
 * @param factory makes the provider from a configuration of {@code configType}
 * @param <B> the configuration's base type ({@code SnapshotConfig} or {@code DatabaseConfig})
 * @param <P> the provider interface ({@code SnapshotProvider} or {@code DatabaseProvider})
 */
public record ProviderType<B, P>(String name, Class<? extends B> configType, Function<B, P> factory) {
  /** A provider called {@code name}, configured by {@code type}, made by {@code create}. */
  public static <B, C extends B, P> ProviderType<B, P> of(String name, Class<C> type, Function<? super C, ? extends P> create) {
    return new ProviderType<>(name, type, config -> create.apply(type.cast(config)));
  }

  /** The provider for {@code config}. */
  public P create(B config) {
    return factory.apply(config);
  }
}
