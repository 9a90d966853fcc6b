#!/usr/bin/env bash
# run.sh — runs the uninstrumented release binary under valgrind memcheck:
# init, serve, a few requests (health, a failed and a good login, a list,
# logout), then SIGTERM. Fails on any memcheck error or definite leak.
# Usage: run.sh SAMSYN_BIN
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
srv=
cleanup() { [ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --track-fds=no)

"${vg[@]}" "$bin" init --db "$tmp/t.db" >"$tmp/init.out"
printf 'valgrind-pass-123\n' | "${vg[@]}" "$bin" user add --db "$tmp/t.db" --username vg --name VG \
  --org-id 1 --role admin --password-stdin >/dev/null
"${vg[@]}" "$bin" serve --db "$tmp/t.db" --listen 127.0.0.1:0 --threads 2 2>"$tmp/serve.log" &
srv=$!
for _ in $(seq 1 200); do grep -q 'url=' "$tmp/serve.log" && break; sleep 0.1; done
url=$(grep -o 'url=[^ ]*' "$tmp/serve.log" | head -1 | cut -d= -f2)
[ -n "$url" ] || { cat "$tmp/serve.log"; echo "server did not start"; exit 1; }

curl -fsS "$url/api/v1/health" >/dev/null
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"username":"vg","password":"wrong-password-1"}' "$url/api/v1/session")
[ "$code" = 401 ] || { echo "bad login answered $code"; exit 1; }
curl -fsS -c "$tmp/jar" -o "$tmp/login.json" -H 'Content-Type: application/json' \
  -d '{"username":"vg","password":"valgrind-pass-123"}' "$url/api/v1/session"
csrf=$(sed -E 's/.*"csrf_token":"([^"]+)".*/\1/' "$tmp/login.json")
curl -fsS -b "$tmp/jar" "$url/api/v1/users?limit=10" >/dev/null
curl -fsS -b "$tmp/jar" "$url/api/v1/audit" >/dev/null
curl -fsS -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -X DELETE "$url/api/v1/session" >/dev/null

kill -TERM "$srv"
rc=0
wait "$srv" || rc=$?
srv=
if [ "$rc" -ne 0 ] || grep -q '==[0-9]*==' "$tmp/serve.log"; then
  cat "$tmp/serve.log"
  echo "valgrind: serve exited $rc"
  exit 1
fi
echo "valgrind: clean"
