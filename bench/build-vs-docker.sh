#!/usr/bin/env bash
# Times "slim build --push" against "docker build + docker push" (BuildKit, FROM scratch, COPY,
# ENTRYPOINT) and against umoci + skopeo (umoci init/new/insert/config into an OCI layout, then
# skopeo copy to the registry) for the same binary to the same loopback registry, interleaved, each
# run with a fresh binary variant (so nothing is reused), and prints medians and the median ratios
# of the runs (slim/docker, slim/umoci). With pigz installed it also prints, per binary, the floor
# under any tool that must make gzip -6's bytes: pigz on all cores deflating the compressible part.
#
# Needs: cli/target/slim.jar (mvn -DskipTests package), docker-registry, a running Docker engine,
# /usr/bin/docker (its BuildKit is built in), umoci and skopeo. Usage: bench/build-vs-docker.sh
# [RUNS]. SIZES=small (or large) runs one of the two binaries only; SLIM_LEVEL=N passes
# --compression-level N to slim.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
docker=${SLIM_DOCKER:-/usr/bin/docker}
slim=("$here/bin/slim")
source "$here/bench/lib/common.sh"
bench_start
bench_binaries
"${slim[@]}" --version >/dev/null  # build the jar and the class-data archive outside the timing

for tool in umoci skopeo; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

for size in ${SIZES:-small large}; do
  : >"$work/slim.$size"; : >"$work/docker.$size"; : >"$work/umoci.$size"
  for i in $(seq 1 "$runs"); do
    # a fresh variant each run: the binary plus 16 unique bytes, so every layer is new
    mkdir -p "$work/ctx"; cp "$work/$size" "$work/ctx/app"; head -c 16 /dev/urandom >>"$work/ctx/app"
    printf 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n' >"$work/ctx/Dockerfile"
    t0=$(now)
    "${slim[@]}" build "$work/ctx/app" --image "$reg/bench/slim-$size:$i" --push ${SLIM_LEVEL:+--compression-level "$SLIM_LEVEL"} >/dev/null 2>"$work/slim.err" \
      || { cat "$work/slim.err"; exit 1; }
    t1=$(now)
    DOCKER_BUILDKIT=1 "$docker" build -q -t "$reg/bench/docker-$size:$i" "$work/ctx" >/dev/null
    "$docker" push -q "$reg/bench/docker-$size:$i" >/dev/null
    t2=$(now)
    # umoci + skopeo: an OCI layout on disk, one layer with the binary, then a copy to the registry
    rm -rf "$work/oci"
    umoci init --layout "$work/oci"
    umoci new --image "$work/oci:app"
    umoci insert --image "$work/oci:app" "$work/ctx/app" /app >/dev/null
    umoci config --image "$work/oci:app" --config.entrypoint /app
    skopeo copy -q --dest-tls-verify=false "oci:$work/oci:app" "docker://$reg/bench/umoci-$size:$i"
    t3=$(now)
    "$docker" rmi -f "$reg/bench/docker-$size:$i" >/dev/null 2>&1 || true
    echo $(( (t1 - t0) / 1000000 )) >>"$work/slim.$size"
    echo $(( (t2 - t1) / 1000000 )) >>"$work/docker.$size"
    echo $(( (t3 - t2) / 1000000 )) >>"$work/umoci.$size"
    echo $(( (t1 - t0) * 1000 / (t2 - t1) )) >>"$work/ratio.$size"
    echo $(( (t1 - t0) * 1000 / (t3 - t2) )) >>"$work/uratio.$size"
  done
  s=$(median <"$work/slim.$size"); d=$(median <"$work/docker.$size"); u=$(median <"$work/umoci.$size")
  r=$(median <"$work/ratio.$size"); ur=$(median <"$work/uratio.$size")
  printf '%-6s %8s bytes  slim %5d ms  docker %5d ms  umoci+skopeo %5d ms  slim/docker %s  slim/umoci %s (medians of runs)\n' \
    "$size" "$(stat -c %s "$work/$size")" "$s" "$d" "$u" \
    "$(awk -v r="$r" 'BEGIN{printf "%.2f", r/1000}')" "$(awk -v r="$ur" 'BEGIN{printf "%.2f", r/1000}')"
  # The floor under any tool that must produce gzip -6's bytes: pigz (zlib, one block per core)
  # deflating only the compressible part, with nothing else (no hashing, tar, upload, start-up).
  if command -v pigz >/dev/null; then
    : >"$work/floor.$size"
    for _ in 1 2 3; do
      t0=$(now); pigz -6 -p "$(nproc)" -c "$work/code.$size" >/dev/null; t1=$(now)
      echo $(( (t1 - t0) / 1000000 )) >>"$work/floor.$size"
    done
    printf '%-6s floor: pigz -6 -p %s of the %s compressible bytes alone %d ms (median of 3); 0.25 x docker = %d ms, 0.7 x docker = %d ms\n' \
      "$size" "$(nproc)" "$(stat -c %s "$work/code.$size")" "$(median <"$work/floor.$size")" \
      $(( d / 4 )) $(( d * 7 / 10 ))
  fi
done
