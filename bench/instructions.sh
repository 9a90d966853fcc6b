#!/usr/bin/env bash
# instructions.sh — instructions per request of bench/run.sh's (b), GET
# /api/v1/users?limit=50 with a session cookie over 50 users, counted by
# valgrind's callgrind on the server. Unlike requests/s this figure does not
# move with the machine's load, so it is what to compare across changes.
# Makes the same throwaway database as run.sh, serves it under callgrind
# (--threads 1), logs in, sends 50 requests to warm up, zeroes the counters
# (callgrind_control -z), sends N requests on one kept-alive curl
# connection, dumps the counters (callgrind_control -d) and divides the
# total by N. Idle epoll waits between requests count next to nothing.
# Keeps the dump in bench/out/callgrind-DATE.out (callgrind_annotate
# --inclusive=yes FILE shows where they go).
#   bench/instructions.sh [BINARY] [N]     default build/release/samsyn, 1000
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=$(bench_binary "${1:-}")
n=${2:-1000}
nusers=50
password='x7-load-and-search-42'

for tool in valgrind callgrind_control curl; do
	command -v "$tool" >/dev/null || die "$tool is missing (apt-get install valgrind curl)"
done

bench_setup samsyn-instr server_pid

db=$tmp/samsyn.db
make_users "$bin" "$db" "$nusers" "$password"
cat >"$tmp/under-callgrind" <<EOS
#!/bin/sh
exec valgrind --tool=callgrind --callgrind-out-file=$tmp/callgrind.out.%p "$bin" "\$@"
EOS
chmod +x "$tmp/under-callgrind"
start_server "$tmp/under-callgrind" "$db" 1 "$tmp/serve.log"
say "samsyn under callgrind at $url"
login "$url" bench "$password"

target="$url/api/v1/users?limit=50"
code=$(curl -s -o "$tmp/body.json" -w '%{http_code}' -H "$cookie" "$target")
[[ $code == 200 ]] || die "GET $target answered $code"
items=$(grep -o '"id":' "$tmp/body.json" | wc -l || true)
[[ $items -eq $nusers ]] || die "GET $target has $items items, want $nusers"

# N copies of the URL on one curl command line: one connection, kept alive.
urls() { local i; for ((i = 0; i < $1; i++)); do printf '%s\n' "url = \"$target\""; done; }
urls 50 >"$tmp/warm.cfg"
urls "$n" >"$tmp/measure.cfg"
curl -s -f -H "$cookie" -K "$tmp/warm.cfg" >/dev/null || die "warm-up requests failed"
callgrind_control -z "$server_pid" >/dev/null 2>&1
curl -s -f -H "$cookie" -w '%{num_connects}\n' -K "$tmp/measure.cfg" -o /dev/null >"$tmp/connects" ||
	die "measured requests failed"
callgrind_control -d "$server_pid" >/dev/null 2>&1
connects=$(awk '{ s += $1 } END { print s }' "$tmp/connects")
dump=$tmp/callgrind.out.$server_pid.1 # the first dump of that process (the wrapper execs valgrind)
[[ -s $dump ]] || die "no callgrind dump $dump"
total=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p; s/^summary: *\([0-9]*\).*/\1/p' "$dump" | head -1)
[[ -n $total ]] || die "no totals in $dump"
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
mkdir -p "$root/bench/out"
cp "$dump" "$root/bench/out/callgrind-$(date -u +%Y%m%d-%H%M%S).out"
printf 'Instructions per request, %s\n' "$stamp"
printf 'samsyn: %s (%s); GET /api/v1/users?limit=50 (cookie), %s users, body %s bytes\n' \
	"$("$bin" version | cut -d' ' -f2)" "$bin" "$nusers" "$(wc -c <"$tmp/body.json")"
printf 'requests counted: %s on %s new connection(s); instructions: %s\n' "$n" "$connects" "$total"
awk -v t="$total" -v n="$n" 'BEGIN { printf "  instructions per request: %.0f\n", t / n }'
