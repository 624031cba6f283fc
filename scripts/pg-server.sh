#!/usr/bin/env bash
# A private PostgreSQL server for the tests and benchmarks of the PostgreSQL
# store (Debian's `postgresql` package; containers have no systemd):
#
#   scripts/pg-server.sh start DIR     # initdb DIR/data, start, create nasir_test,
#                                      # print postgresql://postgres@127.0.0.1:PORT/nasir_test
#   scripts/pg-server.sh restart DIR   # pg_ctl restart -m fast (the same port)
#   scripts/pg-server.sh stop DIR      # pg_ctl stop -m fast
#   scripts/pg-server.sh bin           # the folder of initdb/pg_ctl ("" and exit 1: none)
#
# The server listens on 127.0.0.1 only, on a free port, with its socket in DIR
# (-k DIR), trust authentication for the superuser `postgres`. PostgreSQL
# refuses to run as root: as root, DIR is handed to the `postgres` user the
# package creates and the server runs as that user (runuser). DIR/url holds
# the URL, DIR/log the server's log. NASIR_PG_BIN overrides the binaries'
# folder (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

pg_bin() {
  if [ -n "${NASIR_PG_BIN:-}" ]; then
    echo "$NASIR_PG_BIN"
    return
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] || return 1
  echo "$d"
}

# Runs a server binary as the user that owns the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  /usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

usage() {
  echo "usage: $0 start|restart|stop DIR, or $0 bin" >&2
  exit 2
}

[ $# -ge 1 ] || usage
cmd=$1
if [ "$cmd" = bin ]; then
  pg_bin || { echo "pg-server: no PostgreSQL server (apt-get install postgresql)" >&2; exit 1; }
  exit 0
fi
[ $# -eq 2 ] || usage
dir=$2
bin=$(pg_bin) || { echo "pg-server: no PostgreSQL server (apt-get install postgresql)" >&2; exit 1; }

case "$cmd" in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -e "$dir/data" ]; then
    echo "pg-server: $dir/data exists; stop and remove it first" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "pg-server: running as root needs the 'postgres' user (package postgresql)" >&2; exit 1; }
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" || {
      echo "pg-server: the postgres user cannot reach $dir (a folder above it is closed to it): use a folder it can reach, e.g. mktemp -d /tmp/pg.XXXXXX" >&2
      exit 1
    }
  fi
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 \
    >"$dir/initdb.log" 2>&1 || { echo "pg-server: initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1; }
  # A free port can be taken between the probe and the bind: try a few.
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null; then
      break
    fi
    port=
  done
  [ -n "$port" ] || { echo "pg-server: the server did not start:" >&2; tail -20 "$dir/log" >&2; exit 1; }
  as_owner "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE DATABASE nasir_test" >/dev/null
  url="postgresql://postgres@127.0.0.1:$port/nasir_test"
  echo "$url" >"$dir/url"
  echo "$url"
  ;;
restart)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 -m fast restart >/dev/null
  ;;
stop)
  [ -d "$dir/data" ] || exit 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -w -t 60 -m fast stop >/dev/null
  ;;
*)
  usage
  ;;
esac
