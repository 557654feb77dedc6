#!/usr/bin/env bash
# Times slim's ELF inspection on a ~100 MB binary: a fixture with 100 MiB of random bytes appended.
# Usage: bash bench/inspect/run.sh [FIXTURE] [ITERATIONS]
# Needs: a JDK 17 (javac, java). Writes only under bench/out/ (ignored by git).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FIXTURE="${1:-go-hello-linux-amd64}"
ITERATIONS="${2:-2000}"
OUT="$ROOT/bench/out/inspect"
CLASSES="$OUT/classes"
BIG="$OUT/$FIXTURE-100mb"

mkdir -p "$OUT"
if [[ ! -f "$BIG" || "$ROOT/fixtures/$FIXTURE" -nt "$BIG" ]]; then
	echo "== building $BIG"
	cp "$ROOT/fixtures/$FIXTURE" "$BIG.tmp"
	head -c $((100 * 1024 * 1024)) /dev/urandom >>"$BIG.tmp"
	mv "$BIG.tmp" "$BIG"
fi

echo "== compiling dev.slim.inspect and InspectBench (javac, no Maven: only the JDK is needed)"
rm -rf "$CLASSES"
mkdir -p "$CLASSES"
javac -d "$CLASSES" \
	"$ROOT"/layers/src/main/java/dev/slim/inspect/*.java \
	"$ROOT/layers/src/test/java/dev/slim/inspect/InspectBench.java"

echo "== $ITERATIONS inspections of the 100 MB file"
java -cp "$CLASSES" dev.slim.inspect.InspectBench "$BIG" "$ITERATIONS"
echo "== $ITERATIONS inspections of the fixture itself"
java -cp "$CLASSES" dev.slim.inspect.InspectBench "$ROOT/fixtures/$FIXTURE" "$ITERATIONS"
