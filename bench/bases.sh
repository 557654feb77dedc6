#!/usr/bin/env bash
# Times "slim build --push" on each base and for a 3-platform build, against a loopback registry,
# each run with fresh binary variants (16 unique bytes appended) so the binary layers are new and
# only the base layers can be reused. Prints medians of wall time, the bytes uploaded and the image
# size (compressed, shared blobs counted once) from --report-json.
#
# Needs: cli/target/slim.jar (mvn -DskipTests package), docker-registry, python3.
# Usage: bench/bases.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
slim=("$here/bin/slim")
source "$here/bench/lib/common.sh"
bench_start
"${slim[@]}" --version >/dev/null  # build the jar and the class-data archive outside the timing

variant() {  # variant NAME FIXTURE: a copy of the fixture with 16 unique bytes
  cp "$here/fixtures/$2" "$work/$1"; head -c 16 /dev/urandom >>"$work/$1"; chmod 755 "$work/$1"
}
field() { python3 -c "import json,sys; r=json.load(open('$1')); print($2)"; }

run_case() {  # run_case LABEL REPO ARCHES... -- SLIM-OPTIONS...
  local label=$1 repo=$2; shift 2
  local arches=()
  while [ "$1" != "--" ]; do arches+=("$1"); shift; done; shift
  : >"$work/t"; : >"$work/up"
  for i in $(seq 1 "$runs"); do
    local files=()
    for a in "${arches[@]}"; do variant "app-$a" "go-hello-linux-$a"; files+=("$work/app-$a"); done
    t0=$(now)
    "${slim[@]}" build "${files[@]}" --image "$reg/$repo:$i" --push --report-json "$work/r.json" \
      "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
    t1=$(now)
    echo $(( (t1 - t0) / 1000000 )) >>"$work/t"
    field "$work/r.json" "r['totals']['uploadedBytes']" >>"$work/up"
  done
  printf '%-34s %6d ms  uploaded %9d B  image %9d B compressed\n' "$label" \
    "$(median <"$work/t")" "$(median <"$work/up")" \
    "$(field "$work/r.json" "r['size']['after']['compressed']")"
}

run_case "scratch, 1 platform" bench/scratch amd64 -- --base scratch
# the first push of a run uploads the static layers; the median shows rebuilds (binary only)
run_case "static, 1 platform (rebuild)" bench/static amd64 -- --base static
run_case "static --tzdata, 1 platform" bench/tz amd64 -- --base static --tzdata
run_case "scratch, 3 platforms (index)" bench/multi amd64 arm64 s390x -- --base scratch
run_case "static, 3 platforms (index)" bench/multi-static amd64 arm64 s390x -- --base static
# first push of the static base to a fresh repository: every layer is uploaded
variant app-amd64 go-hello-linux-amd64
t0=$(now)
"${slim[@]}" build "$work/app-amd64" --image "$reg/bench/fresh:1" --push --base static \
  --report-json "$work/r.json" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
t1=$(now)
printf '%-34s %6d ms  uploaded %9d B  (once)\n' "static, first push to a new repo" \
  $(( (t1 - t0) / 1000000 )) "$(field "$work/r.json" "r['totals']['uploadedBytes']")"
