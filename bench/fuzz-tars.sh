#!/usr/bin/env bash
# Runs the foreign-tar fuzz at full size: COUNT damaged tars (default 10,000; half truncated, half
# mutated, mostly in header blocks and size fields) made from a docker save archive, an OCI
# layout archive and a base layer (plain and gzip'd) that GNU tar writes, each through every
# reader of tars slim did not write (ForeignTarFuzzTest): the stream and random-access readers,
# the SBOM's base layers and --baseline FILE. Each reading has a 2 s limit and must be accepted
# or end in the reader's own error. Prints the counts: inputs, readings, clean errors, accepted,
# failures, the slowest reading. Failing inputs are kept in layers/target/fuzz/.
#
# Needs: Java 17, Maven and GNU tar (nothing leaves the machine).
# Usage: bench/fuzz-tars.sh [COUNT] [SEED]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000}
seed=${2:-20261201}
cd "$here"
rm -f layers/target/fuzz/summary-tars.txt
status=0
mvn -B -ntp -q -pl layers -am -Dtest=ForeignTarFuzzTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dslim.fuzz.count="$count" -Dslim.fuzz.seed="$seed" \
  test >/dev/null 2>&1 || status=$?
cat layers/target/fuzz/summary-tars.txt 2>/dev/null || echo "no summary: the build failed before the fuzz ran"
exit "$status"
