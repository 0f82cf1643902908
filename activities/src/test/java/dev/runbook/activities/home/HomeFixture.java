package dev.runbook.activities.home;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.host.HostContext;
import dev.runbook.activities.host.ShellFactory;
import dev.runbook.workflows.home.HomeActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/** Home activities of host `files` in Temporal's activity test environment, with a configuration written per test. */
final class HomeFixture implements AutoCloseable {
  final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  final HomeActivities home;

  HomeFixture(Path dir, String homeYaml) throws Exception {
    this(dir, homeYaml, null);
  }

  /** With {@code shells}, commands go to that seam instead of this machine. */
  HomeFixture(Path dir, String homeYaml, ShellFactory shells) throws Exception {
    ConfigSource source = new ConfigSource(config(dir, homeYaml));
    env.registerActivitiesImplementations(new HomeActivitiesImpl(shells == null ? HostContext.agent("files", source)
        : HostContext.of("files", source, shells, "agent")));
    home = env.newActivityStub(HomeActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  /**
   * Writes a configuration of host {@code files} (local) and instance {@code prod} whose home is {@code homeYaml}
   * (a {@code home:} mapping), in a file of its own in {@code dir}, and returns it.
   */
  static Path config(Path dir, String homeYaml) throws Exception {
    Path config = dir.resolve("runbook-" + System.nanoTime() + ".yaml");
    Files.writeString(config, """
        hosts: [{name: files, mode: local}]
        instances:
          - name: prod
            bitbucket: {baseUrl: 'http://127.0.0.1:1', username: a, password: env:UNUSED}
            nodes: [{name: node1, host: files}]
        %s
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /tmp}
        """.formatted(homeYaml.indent(4).stripTrailing()));
    return config;
  }

  static Path script(Path dir, String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\nset -e\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Override
  public void close() {
    env.close();
  }
}
