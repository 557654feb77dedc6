#!/usr/bin/env bash
# Runs the hostile-input fuzz at full size: COUNT generated slim.yaml files through
# 'slim build' and COUNT generated Dockerfiles through 'slim migrate' (default 10,000 each),
# in one JVM, each input on a worker thread with a 2 s limit (HostileInputFuzzTest). Every
# input must end in exit 0, 2 or 3 without a stack trace; every slim.yaml migrate writes with
# exit 0 must load. Prints the counts: inputs, exits by code, the slowest input, failures.
# Failing inputs are kept in cli/target/fuzz/ to reproduce them.
#
# Needs: Java 17 and Maven (the fixtures are in the repository; nothing leaves the machine).
# Usage: bench/fuzz-inputs.sh [COUNT] [SEED]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000}
seed=${2:-20261201}
cd "$here"
rm -f cli/target/fuzz/summary-*.txt
status=0
mvn -B -ntp -q -pl layers,cli -am -Dtest=HostileInputFuzzTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dslim.fuzz.count="$count" -Dslim.fuzz.seed="$seed" \
  test >/dev/null 2>&1 || status=$?
cat cli/target/fuzz/summary-*.txt 2>/dev/null || echo "no summary: the build failed before the fuzz ran"
exit "$status"
