#!/usr/bin/env bash
# Times "slim build --push" against "docker build + docker push" (BuildKit, FROM scratch, COPY,
# ENTRYPOINT) for the same binary to the same loopback registry, interleaved, each run with a fresh
# binary variant (so nothing is reused), and prints medians and the ratio slim/docker.
#
# Needs: cli/target/slim.jar (mvn -DskipTests package), docker-registry, a running Docker engine,
# and /usr/bin/docker (its BuildKit is built in). Usage: bench/build-vs-docker.sh [RUNS]
# SIZES=small (or large) runs one of the two binaries only.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
docker=${SLIM_DOCKER:-/usr/bin/docker}
slim=("$here/bin/slim")
work=$(mktemp -d)
source "$here/bench/lib/registry.sh"
trap 'stop_registry; rm -rf "$work"' EXIT
start_registry "$work"

# Inputs: small = a real Go binary (unstripped, ~1.8 MB) plus 1 MiB of random bytes;
# large = ~42 MB of real binary bytes plus ~43 MB of random bytes (incompressible).
base="$here/fixtures/go-hello-linux-amd64-unstripped"
cp "$base" "$work/small"; head -c 1048576 /dev/urandom >>"$work/small"
: >"$work/large"
while [ "$(stat -c %s "$work/large")" -lt 44000000 ]; do cat "$base" >>"$work/large"; done
head -c 43000000 /dev/urandom >>"$work/large"
chmod 755 "$work/small" "$work/large"
"${slim[@]}" --version >/dev/null  # build the jar and the class-data archive outside the timing

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for size in ${SIZES:-small large}; do
  : >"$work/slim.$size"; : >"$work/docker.$size"
  for i in $(seq 1 "$runs"); do
    # a fresh variant each run: the binary plus 16 unique bytes, so every layer is new
    mkdir -p "$work/ctx"; cp "$work/$size" "$work/ctx/app"; head -c 16 /dev/urandom >>"$work/ctx/app"
    printf 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n' >"$work/ctx/Dockerfile"
    t0=$(now)
    "${slim[@]}" build "$work/ctx/app" --image "$reg/bench/slim-$size:$i" --push >/dev/null 2>"$work/slim.err" \
      || { cat "$work/slim.err"; exit 1; }
    t1=$(now)
    DOCKER_BUILDKIT=1 "$docker" build -q -t "$reg/bench/docker-$size:$i" "$work/ctx" >/dev/null
    "$docker" push -q "$reg/bench/docker-$size:$i" >/dev/null
    t2=$(now)
    "$docker" rmi -f "$reg/bench/docker-$size:$i" >/dev/null 2>&1 || true
    echo $(( (t1 - t0) / 1000000 )) >>"$work/slim.$size"
    echo $(( (t2 - t1) / 1000000 )) >>"$work/docker.$size"
    echo $(( (t1 - t0) * 1000 / (t2 - t1) )) >>"$work/ratio.$size"
  done
  s=$(median <"$work/slim.$size"); d=$(median <"$work/docker.$size"); r=$(median <"$work/ratio.$size")
  printf '%-6s %8s bytes  slim %5d ms  docker %5d ms  ratio slim/docker (median of pairs) %s\n' \
    "$size" "$(stat -c %s "$work/$size")" "$s" "$d" "$(awk -v r="$r" 'BEGIN{printf "%.2f", r/1000}')"
done
