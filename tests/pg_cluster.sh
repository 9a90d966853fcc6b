#!/usr/bin/env bash
# pg_cluster.sh — a throwaway PostgreSQL cluster for the pg_api_* tests.
#   tests/pg_cluster.sh start STATE   initdb + pg_ctl start in a new temporary
#                                     directory on a free port; writes the
#                                     cluster's base URL to STATE/url
#   tests/pg_cluster.sh stop STATE    stops it and removes the directory
# PostgreSQL refuses to run as root, and `make test` runs as root: then the
# cluster runs as the system user samsyn-test (made here with useradd -r
# when missing; scripts/setup.sh test makes it too). The cluster is made
# for tests only: trust authentication on 127.0.0.1, no fsync. Each test
# server gets a database of its own (tests/api/lib.mjs, CREATE DATABASE).
# The cluster's locale is C with UTF-8: text compares byte by byte, as
# SQLite's does (docs/postgresql.md, "Text"). PG_CLUSTER_DURABLE=1 keeps
# PostgreSQL's own defaults (fsync, synchronous commit, shared_buffers):
# the benchmarks measure what an installation gets.
set -euo pipefail
cmd=${1:-}
state=${2:-}
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bin/initdb" ] || { echo "pg_cluster.sh: no initdb (install postgresql: scripts/setup.sh test)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u samsyn-test -- "$@"; else "$@"; fi
}

tuning="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB"
[ "${PG_CLUSTER_DURABLE:-0}" = 1 ] && tuning=""

case "$cmd" in
start)
  if [ "$(id -u)" -eq 0 ] && ! id samsyn-test >/dev/null 2>&1; then
    useradd -r -M -d /nonexistent -s /usr/sbin/nologin samsyn-test
  fi
  # A cluster this STATE still names (a run cut short, ctest --repeat) is
  # stopped first: otherwise it would run on, no longer named anywhere.
  "$0" stop "$state"
  mkdir -p "$state"
  dir=$(mktemp -d /tmp/samsyn-pg.XXXXXX)
  chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown samsyn-test: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U samsyn -A trust --locale=C -E UTF8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  for try in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # taken
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 $tuning" >/dev/null; then
      echo "$dir" >"$state/dir"
      echo "postgresql://samsyn@127.0.0.1:$port" >"$state/url"
      echo "pg_cluster.sh: PostgreSQL on port $port in $dir"
      exit 0
    fi
  done
  cat "$dir/server.log" >&2
  rm -rf "$dir"
  exit 1
  ;;
stop)
  [ -f "$state/dir" ] || exit 0
  dir=$(cat "$state/dir")
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  case "$dir" in /tmp/samsyn-pg.*) rm -rf "$dir" ;; esac
  rm -f "$state/dir" "$state/url"
  ;;
*) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
