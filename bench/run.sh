#!/usr/bin/env bash
# Backup benchmark (issue: freeze window and orchestration overhead), measured in one run against a
# baseline from the same run. Needs root: loop devices, mount and fsfreeze. Prints two lines; the
# figures of a run are recorded in docs/performance.md. Usage: bench/run.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Dstyle.color=never -DskipTests install
mvn -q -B -Dstyle.color=never -pl cli dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "cli/target/test-classes:cli/target/classes:$(cat cli/target/bench.classpath)" \
  -Dlogback.configurationFile=cli/src/test/resources/logback-test.xml dev.runbook.bench.BackupBenchmark "$@"
