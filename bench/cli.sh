#!/usr/bin/env bash
# CLI start benchmark (issue 15 (c)): runbook --version, history and backup through the installed launcher
# (deploy/bin/runbook), with and without its class-data-sharing archive, against a JVM doing nothing on the
# same jar, all in one run on Temporal's real server. Needs root: loop devices and mount (btrfs home).
# Prints a table; the figures of a run are recorded in docs/performance.md. Usage: bench/cli.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
# One reactor build: the product jar, and the benchmark's class path on this tree's modules (not ~/.m2's).
mvn -q -B ${BENCH_MVN_OPTS:-} -Dstyle.color=never -DskipTests -pl cli -am package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java ${BENCH_JAVA_OPTS:-} -cp "cli/target/test-classes:cli/target/classes:$(cat cli/target/bench.classpath)" \
  -Dlogback.configurationFile=cli/src/test/resources/logback-test.xml dev.runbook.bench.CliBenchmark "$@"
