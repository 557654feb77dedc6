#!/usr/bin/env bash
# Times two slim checkouts against each other, "slim build --push" of the same binary to one
# loopback registry, alternating A and B (each run a fresh variant of the binary, so nothing is
# reused), and prints both medians and the median of the pair ratios B/A. For before/after
# measurements on a shared machine: a pair runs back to back, so its ratio holds when the
# machine's speed drifts. Usage: bench/ab.sh A_CHECKOUT B_CHECKOUT [RUNS] (each checkout needs
# bin/slim and its built jar). SIZES=small (or large) as in build-vs-docker.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
a=$1 b=$2 runs=${3:-9}
work=$(mktemp -d)
source "$here/bench/lib/registry.sh"
trap 'stop_registry; rm -rf "$work"' EXIT
start_registry "$work"
base="$here/fixtures/go-hello-linux-amd64-unstripped"
cp "$base" "$work/small"; head -c 1048576 /dev/urandom >>"$work/small"
: >"$work/large"
while [ "$(stat -c %s "$work/large")" -lt 44000000 ]; do cat "$base" >>"$work/large"; done
head -c 43000000 /dev/urandom >>"$work/large"
chmod 755 "$work/small" "$work/large"
"$a/bin/slim" --version >/dev/null; "$b/bin/slim" --version >/dev/null
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
one() { # checkout size run: prints milliseconds
  cp "$work/$2" "$work/app"; head -c 16 /dev/urandom >>"$work/app"
  local t0 t1
  t0=$(now)
  "$1/bin/slim" build "$work/app" --image "$reg/ab/$2:$3" --push >/dev/null 2>"$work/err" \
    || { cat "$work/err" >&2; exit 1; }
  t1=$(now)
  echo $(( (t1 - t0) / 1000000 ))
}
for size in ${SIZES:-small large}; do
  : >"$work/a"; : >"$work/b"; : >"$work/r"
  for i in $(seq 1 "$runs"); do
    ta=$(one "$a" "$size" "a$i"); tb=$(one "$b" "$size" "b$i")
    echo "$ta" >>"$work/a"; echo "$tb" >>"$work/b"; echo $(( tb * 1000 / ta )) >>"$work/r"
  done
  printf '%-6s A %5d ms  B %5d ms  B/A (median of pairs) %s  load %s\n' "$size" \
    "$(median <"$work/a")" "$(median <"$work/b")" \
    "$(awk -v r="$(median <"$work/r")" 'BEGIN{printf "%.2f", r/1000}')" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
done
