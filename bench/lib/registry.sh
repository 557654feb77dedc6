# Sourced by the bench scripts: a throwaway Debian docker-registry on a free loopback port.
#   start_registry DIR   starts it with its storage in DIR; sets $reg (127.0.0.1:PORT)
#   stop_registry        stops it, by the PID it started
registry_pid=""

start_registry() {
  local dir=$1 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cat >"$dir/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $dir/storage}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YML
  docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 &
  registry_pid=$!
  reg=127.0.0.1:$port
  for _ in $(seq 1 100); do
    curl -sf "http://$reg/v2/" >/dev/null && return 0
    sleep 0.1
  done
  echo "docker-registry did not start:" >&2
  cat "$dir/registry.log" >&2
  return 1
}

stop_registry() {
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
    registry_pid=""
  fi
}
