#!/usr/bin/env bash
# Times "slim report" on a repository with 1,000 tags in a loopback docker-registry: one small
# image (config + one layer) pushed under 1,000 tags with curl, then the report (and the same
# report again, to show the spread). Prints seconds, requests and the stored/logical totals.
#
# Needs: cli/target/slim.jar (mvn -DskipTests package), docker-registry, curl, python3.
# Usage: bench/report-1000-tags.sh [TAGS] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tags=${1:-1000}
runs=${2:-3}
jar="$here/cli/target/slim.jar"
work=$(mktemp -d)
source "$here/bench/lib/registry.sh"
trap 'stop_registry; rm -rf "$work"' EXIT
start_registry "$work"
repo=bench/many

push_blob() { # file -> digest
  local digest="sha256:$(sha256sum "$1" | cut -d' ' -f1)"
  local location
  location=$(curl -sf -X POST -D - -o /dev/null "http://$reg/v2/$repo/blobs/uploads/" \
    | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case "$location" in http*) ;; *) location="http://$reg$location" ;; esac
  case "$location" in *\?*) sep='&' ;; *) sep='?' ;; esac
  curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$1" \
    "$location${sep}digest=$digest" >/dev/null
  echo "$digest"
}

head -c 2000 /dev/urandom >"$work/layer"
printf '{"architecture":"amd64","os":"linux","created":"2020-01-01T00:00:00Z","rootfs":{"type":"layers","diff_ids":["sha256:%064d"]}}' 0 >"$work/config"
layer=$(push_blob "$work/layer")
config=$(push_blob "$work/config")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}]}' \
  "$config" "$(stat -c %s "$work/config")" "$layer" "$(stat -c %s "$work/layer")" >"$work/manifest"

start=$(date +%s.%N)
for i in $(seq -w 1 "$tags"); do
  curl -sf -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
    --data-binary @"$work/manifest" "http://$reg/v2/$repo/manifests/t$i" >/dev/null
done
end=$(date +%s.%N)
printf 'pushed %d tags with curl: %.1f s\n' "$tags" "$(echo "$end - $start" | bc)"

for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  java -jar "$jar" report "$reg/$repo" --keep-last 10 --json "$work/report.json" >/dev/null
  end=$(date +%s.%N)
  python3 - "$work/report.json" "$(echo "$end - $start" | bc)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["totals"]
print(f"slim report: {float(sys.argv[2]):.1f} s, {t['tags']} tags, {t['requests']} requests, "
      f"logical {t['logicalBytes']} B, stored {t['storedBytes']} B, "
      f"reclaimable {t['reclaimableBytes']} B")
PY
done
