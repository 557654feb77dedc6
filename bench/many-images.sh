#!/usr/bin/env bash
# Twenty services of a monorepo built and pushed to one loopback registry, four ways, side by
# side in one run: slim's one run for all twenty ('slim build DIR/...'); twenty separate
# 'bin/slim build DIR' runs; twenty 'docker build' + 'docker push' in sequence (BuildKit); and
# 'docker buildx bake' when buildx is installed, else the twenty docker builds and pushes in
# parallel. Each way gets fresh binary variants (the fixture plus random bytes) and its own
# repositories, so nothing is reused between them; half of the services are on 'base: static'
# (for docker: FROM scratch plus the same passwd and CA bundle files).
#
# Needs: cli/target/slim.jar (mvn -DskipTests package), docker-registry, a running Docker engine
# and /usr/bin/docker. Usage: bench/many-images.sh [SERVICES] (default 20). SLIM_LEVEL=N puts
# compressionLevel: N in every slim.yaml (slim's ways only; docker compresses as it does).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-20}
docker=${SLIM_DOCKER:-/usr/bin/docker}
slim=("$here/bin/slim")
source "$here/bench/lib/common.sh"
bench_start
export REG=$reg SOURCE_DATE_EPOCH=1714560000
fixture="$here/fixtures/go-hello-linux-amd64"
static="$here/templates/static"

services=()
for i in $(seq -w 1 "$count"); do
  dir="$work/svc/svc-$i"
  mkdir -p "$dir"
  services+=("$dir")
  base=scratch
  if [ $((10#$i % 2)) = 0 ]; then base=static; fi
  cat >"$dir/slim.yaml" <<YML
apiVersion: slim/v1
kind: Image
image: \${REG}/\${WAY}/svc-$i:1
base: $base
binary: ./app
ignoreWarnings: [go-build-id]
${SLIM_LEVEL:+compressionLevel: $SLIM_LEVEL}
YML
  if [ $base = static ]; then
    cp "$static/etc/passwd" "$static/etc/group" "$static/ca-certificates.crt" "$dir/"
    printf 'FROM scratch\nCOPY passwd group /etc/\nCOPY ca-certificates.crt /etc/ssl/certs/\nCOPY app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n' >"$dir/Dockerfile"
  else
    printf 'FROM scratch\nCOPY app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n' >"$dir/Dockerfile"
  fi
  printf 'slim.yaml\n' >"$dir/.dockerignore"
done

# fresh variants: every binary is the fixture plus 4 KiB of random bytes
fresh() { for dir in "${services[@]}"; do cp "$fixture" "$dir/app"; head -c 4096 /dev/urandom >>"$dir/app"; chmod 755 "$dir/app"; done; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
load() { cut -d' ' -f1-3 /proc/loadavg; }

"${slim[@]}" --version >/dev/null  # the jar and its start-up cache, outside the timing
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); load average before: $(load)"

fresh; export WAY=slim-one
t0=$(now)
"${slim[@]}" build "$work/svc/..." --push --report-json "$work/one.json" >"$work/one.out" 2>"$work/one.err" \
  || { cat "$work/one.err"; exit 1; }
t1=$(now); one=$(ms "$t0" "$t1")
[ "$(wc -l <"$work/one.out")" -eq "$count" ] || { echo "slim one run pushed $(wc -l <"$work/one.out") images, not $count" >&2; exit 1; }
requests=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["requests"])' "$work/one.json")

fresh; export WAY=slim-each
t0=$(now)
for dir in "${services[@]}"; do
  "${slim[@]}" build "$dir" --push >/dev/null 2>"$work/each.err" || { cat "$work/each.err"; exit 1; }
done
t1=$(now); each=$(ms "$t0" "$t1")

fresh
t0=$(now)
for dir in "${services[@]}"; do
  ref="$reg/docker-seq/$(basename "$dir"):1"
  DOCKER_BUILDKIT=1 "$docker" build -q -t "$ref" "$dir" >/dev/null
  "$docker" push -q "$ref" >/dev/null
done
t1=$(now); sequential=$(ms "$t0" "$t1")

fresh
if "$docker" buildx version >/dev/null 2>&1; then
  way="docker buildx bake --push"
  {
    printf 'group "default" { targets = [%s] }\n' "$(printf '"%s",' $(for d in "${services[@]}"; do basename "$d"; done) | sed 's/,$//')"
    for dir in "${services[@]}"; do
      printf 'target "%s" {\n  context = "%s"\n  tags = ["%s/docker-bake/%s:1"]\n}\n' "$(basename "$dir")" "$dir" "$reg" "$(basename "$dir")"
    done
  } >"$work/docker-bake.hcl"
  t0=$(now)
  "$docker" buildx bake -f "$work/docker-bake.hcl" --push >/dev/null 2>"$work/bake.err" || { cat "$work/bake.err"; exit 1; }
  t1=$(now)
else
  way="20 x (docker build + push) in parallel (no buildx here)"
  t0=$(now)
  pids=()
  for dir in "${services[@]}"; do
    ref="$reg/docker-par/$(basename "$dir"):1"
    ( DOCKER_BUILDKIT=1 "$docker" build -q -t "$ref" "$dir" >/dev/null && "$docker" push -q "$ref" >/dev/null ) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  t1=$(now)
fi
parallel=$(ms "$t0" "$t1")
for way_name in docker-seq docker-par docker-bake; do
  for dir in "${services[@]}"; do "$docker" rmi -f "$reg/$way_name/$(basename "$dir"):1" >/dev/null 2>&1 || true; done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "load average after: $(load)"
printf '%-58s %7d ms\n' "slim, one run for all $count ($requests registry requests)" "$one"
printf '%-58s %7d ms\n' "slim, $count separate runs" "$each"
printf '%-58s %7d ms\n' "docker build + push, $count in sequence" "$sequential"
printf '%-58s %7d ms\n' "$way" "$parallel"
echo "one slim run / sequential docker:    $(ratio "$one" "$sequential")  (target <= 0.25)"
echo "one slim run / $count separate slim runs: $(ratio "$one" "$each")  (target <= 0.5)"
echo "one slim run / parallel docker:      $(ratio "$one" "$parallel")"
