# Sourced by the bench scripts after they set $here (the checkout): what they all do.
#   bench_start       a work folder ($work, removed on exit) and a loopback docker-registry ($reg)
#   bench_binaries    $work/small and $work/large, the two inputs of build-vs-docker.sh and ab.sh,
#                     and $work/code.small, $work/code.large: their compressible parts
#   now, median       nanoseconds since the epoch; the median of the numbers on stdin
source "$here/bench/lib/registry.sh"

bench_start() {
  work=$(mktemp -d)
  trap 'stop_registry; rm -rf "$work"' EXIT
  start_registry "$work"
}

# small = a real Go binary (unstripped, ~1.8 MB) plus 1 MiB of random bytes; large = ~44 MB of
# real binary bytes plus 43 MB of random bytes (incompressible, so slim stores those chunks)
bench_binaries() {
  local base="$here/fixtures/go-hello-linux-amd64-unstripped"
  cp "$base" "$work/small"; head -c 1048576 /dev/urandom >>"$work/small"
  : >"$work/large"
  while [ "$(stat -c %s "$work/large")" -lt 44000000 ]; do cat "$base" >>"$work/large"; done
  cp "$base" "$work/code.small"; cp "$work/large" "$work/code.large"
  head -c 43000000 /dev/urandom >>"$work/large"
  chmod 755 "$work/small" "$work/large"
}

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
