#!/usr/bin/env bash
# Issue 15's backup and restore benchmarks on Temporal's real server (`temporal server start-dev`), each
# figure against bare commands timed in the same run: (a) freeze windows (command provider; ebs against
# moto's server when moto_server is installed), (b) backup overhead over bare commands, (d) restore against
# bare commands. Needs root: loop devices, mount, fsfreeze. The figures of a run are recorded in
# docs/performance.md.
# Usage: bench/run.sh [--quick]   (--quick: pgbench scale 2 and a few rounds; the full run: scale 20, about 300 MB)
# In BENCH_JAVA_OPTS: -Dbench.scale=N and -Dbench.jobs=N override the database's scale and pg_dump's jobs,
# -Dbench.only=a,b,d runs only those sections, -Dbench.trace=true prints each backup's steps;
# BENCH_NO_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  mvn -q -o -B -Dstyle.color=never -DskipTests install -Dmaven.install.skip=true
  # Each module's own dependencies, resolved in this reactor (installed poms of the modules may be older).
  mvn -q -o -B -Dstyle.color=never -pl cli -am dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
fi
deps=$(for m in cli worker activities; do cat "$m/target/bench.classpath"; echo; done | tr '\n' ':')
# This worktree's modules first: the classpath file may name older installed jars of them.
modules="cli/target/test-classes:cli/target/classes:worker/target/classes:activities/target/classes:workflows/target/classes:testkit/target/classes"
exec java -Dlogback.configurationFile=bench/logback-bench.xml ${BENCH_JAVA_OPTS:-} -cp "$modules:$deps" dev.runbook.bench.BackupBenchmark "$@"
