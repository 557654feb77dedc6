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
source "$here/bench/lib/common.sh"
bench_start
bench_binaries
"$a/bin/slim" --version >/dev/null; "$b/bin/slim" --version >/dev/null
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
