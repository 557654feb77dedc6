#!/usr/bin/env bash
# Times "slim report REGISTRY" (every repository of the catalog) on a registry with 100,000 tags
# that dev.slim.testing.RegistryLayout writes straight into docker-registry's storage in seconds
# (pushing them would take hours): 1,000 repositories of 100 tags on 20,000 top-level images,
# 10% of them multi-arch indexes (two platform images each), 10% of the plain images with an SBOM
# tag (sha256-<hex>.sbom), 8 shared base layers. Prints the layout, then wall time, tags a second,
# requests against the fewest the API allows, and peak RSS of the report; and, as measures the
# other builds on a shared machine do not change much, the CPU seconds the registry and slim
# used per 1,000 requests and the connections slim opened.
#
# Needs: cli/target/slim.jar and layers/target/test-classes (mvn -DskipTests package), docker-registry,
# /usr/bin/time (Debian: time), python3.
# Usage: bench/report-100k-tags.sh [REPOS TAGS_PER_REPO MANIFESTS]   (10,000 tags: 100 100 2000)
# JOBS=N passes --jobs N (default: slim's own default). slim runs through bin/slim, the launcher
# users run, with its default heap. docker-registry runs with the bench's configuration
# (bench/lib/registry.sh: errors only, no access log) and inherits GOGC from the environment
# (GOGC=400 makes the Go runtime collect less often; Go's default is 100).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repos=${1:-1000}
per_repo=${2:-100}
manifests=${3:-20000}
jar="$here/cli/target/slim.jar"
classes="$here/layers/target/test-classes"
# tmpfs by default: this machine's ext4 disk writes the 10,000-tag layout in ~17 s, tmpfs in ~1.4 s.
tmp=${BENCH_TMP:-/dev/shm}
[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=${TMPDIR:-/tmp}
work=$(mktemp -d -p "$tmp")
source "$here/bench/lib/registry.sh"
trap 'stop_registry; rm -rf "$work"' EXIT

java -cp "$classes" dev.slim.testing.WriteRegistryLayout "$work/storage" "$repos" "$per_repo" \
  "$manifests" 0.1 0.1 8 15 | tee "$work/layout.txt"
echo "files written: $(find "$work/storage" -type f | wc -l), $(du -sh "$work/storage" | cut -f1)"
start_registry "$work"

"$here/bin/slim" --version >/dev/null # the launcher's start-up cache, made once, not timed
registry_ticks() { awk '{print $14 + $15}' "/proc/$registry_pid/stat"; } # utime + stime
echo "load average before the report: $(cut -d' ' -f1-3 /proc/loadavg)"
ticks_before=$(registry_ticks)
/usr/bin/time -v -o "$work/time.txt" "$here/bin/slim" report "$reg" --json "$work/report.json" \
  ${JOBS:+--jobs "$JOBS"} >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; exit 1; }
ticks_after=$(registry_ticks)
connections=$(ss -Htan state time-wait "( dport = :${reg##*:} )" | wc -l)
echo "load average after the report: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/report.json" "$work/layout.txt" "$work/time.txt" \
  "$(( ticks_after - ticks_before ))" "$(getconf CLK_TCK)" "$connections" "${GOGC:-100}" <<'PY'
import json, re, sys
t = json.load(open(sys.argv[1]))["totals"]
layout = dict(line.split() for line in open(sys.argv[2]))
timing = open(sys.argv[3]).read()
registry_cpu = int(sys.argv[4]) / int(sys.argv[5])
connections, gogc = sys.argv[6], sys.argv[7]
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", timing).group(1)
seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(":"))))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
cpu = re.search(r"Percent of CPU this job got: (\S+)", timing).group(1)
slim_cpu = sum(float(re.search(rf"{kind} time \(seconds\): (\S+)", timing).group(1))
               for kind in ("User", "System"))
probes = 3  # catalog allowed, delete enabled, referrers API
minimum = int(layout["minimumReads"]) + probes
print(f"slim report: wall {wall}, {t['tags'] / seconds:,.0f} tags/s, CPU {cpu},"
      f" peak RSS {rss // 1024} MiB")
print(f"  {t['repositories']} repositories, {t['tags']} tags, {t['images']} images,"
      f" stored {t['storedBytes']} B (layout: {layout['storedBytes']} B)")
print(f"  requests {t['requests']}, minimum {minimum} ({layout['minimumReads']} reads + {probes} probes)")
per_1000 = 1000 / t["requests"]
print(f"  CPU: registry {registry_cpu:.1f} s ({registry_cpu * per_1000:.2f} s per 1,000 requests,"
      f" GOGC={gogc}), slim {slim_cpu:.1f} s ({slim_cpu * per_1000:.2f} s per 1,000 requests)")
print(f"  connections to the registry: {connections} (slim's and the start-up check's, counted in"
      f" TIME_WAIT, which lasts 60 s: exact for a run shorter than that)")
ok = (t["tags"] == int(layout["tags"]) and t["images"] == int(layout["images"])
      and t["storedBytes"] == int(layout["storedBytes"]))
print("  totals match the layout" if ok else "  TOTALS DIFFER FROM THE LAYOUT")
sys.exit(0 if ok else 1)
PY
