#!/usr/bin/env bash
# run.sh — the Samsyn benchmark, on loopback only. Makes a throwaway
# database with 50 users (admin from init, the admin "bench" and 48 more),
# serves it, logs in as bench, then runs wrk (64 connections, 2 threads,
# 15 s, --latency) against (a) GET /api/v1/health, (b) GET
# /api/v1/users?limit=50 with the session cookie, (c) Debian's nginx
# serving the exact body of (b) as a static file (the physical floor) and
# (d) a bare libmicrohttpd server (bench/mhd_floor.c, built here) with the
# daemon flags and thread count samsyn printed, answering (b)'s exact
# bytes (the library's ceiling). Prints requests/s, p99 latency and the
# ratios a/c, b/c (goal >= 0.3), b/d (goal >= 0.8) and d/c, and writes the
# table plus wrk's raw output to bench/out/. Stops everything it started.
#   bench/run.sh [BINARY]     default build/release/samsyn
# Environment: SAMSYN_BENCH_THREADS (samsyn serve --threads; default none:
# serve's own default, docs/performance.md), SAMSYN_BENCH_SECONDS (length
# of each wrk run, default 15), SAMSYN_BENCH_DB (a postgresql:// URL of an
# empty database to run on instead of a new SQLite file: bench/engines.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=$(bench_binary "${1:-}")
threads=${SAMSYN_BENCH_THREADS:-default}
seconds=${SAMSYN_BENCH_SECONDS:-15}
connections=64
wrk_threads=2
nusers=50 # in the database, admin included
password='x7-load-and-search-42' # the admin "bench"; the database is thrown away (not the username: the password check refuses that)

find_nginx
need_tools wrk curl cc

bench_setup samsyn-bench wrk_pid server_pid floor_pid nginx_pid

# ---- 1. database, users, server, login ----

db=${SAMSYN_BENCH_DB:-$tmp/samsyn.db} # a postgresql:// URL of an empty database: the same on PostgreSQL (bench/engines.sh)
make_users "$bin" "$db" "$nusers" "$password"

start_server "$bin" "$db" "$threads" "$tmp/serve.log"
say "samsyn at $url, threads ${server_threads:-?} (--threads $threads), mhd_flags ${server_flags:-?}"
login "$url" bench "$password"

# ---- 2. the checks before measuring ----

code=$(curl -s -o "$tmp/health.json" -w '%{http_code}' "$url/api/v1/health")
[[ $code == 200 ]] || die "GET /api/v1/health answered $code: $(cat "$tmp/health.json")"
body=$tmp/users.json
code=$(curl -s -o "$body" -D "$tmp/users.headers" -w '%{http_code}' -H "$cookie" "$url/api/v1/users?limit=50")
[[ $code == 200 ]] || die "GET /api/v1/users?limit=50 answered $code: $(cat "$body")"
items=$(grep -o '"id":' "$body" | wc -l || true)
[[ $items -eq $nusers ]] || die "GET /api/v1/users?limit=50 has $items items, want $nusers"
grep -q "\"total\":$nusers," "$body" || die "GET /api/v1/users?limit=50 does not say total $nusers"
body_bytes=$(wc -c <"$body")

start_nginx "$body"
curl -s -o "$tmp/nginx-body" "$nginx_url/users.json"
cmp -s "$body" "$tmp/nginx-body" || die "nginx does not serve the body of (b)"
say "nginx at $nginx_url serving $body_bytes bytes"

# (d): the thread count samsyn printed, the flags of the same header
# (src/http/mhd_daemon.h); an older binary prints neither.
build_floor
floor_threads=${server_threads:-}
if [[ -z $floor_threads ]]; then
	[[ $threads != default ]] || die "$bin prints no threads=: give SAMSYN_BENCH_THREADS"
	floor_threads=$threads
fi
start_floor "$body" "$floor_threads"
curl -s -o "$tmp/floor-body" -D "$tmp/floor.headers" "$floor_url/api/v1/users?limit=50"
cmp -s "$body" "$tmp/floor-body" || die "mhd_floor does not serve the body of (b)"
# The same headers, Date aside.
if ! diff <(grep -iv '^date:' "$tmp/users.headers") <(grep -iv '^date:' "$tmp/floor.headers") >"$tmp/headers.diff"; then
	die "mhd_floor's headers differ from (b)'s: $(cat "$tmp/headers.diff")"
fi
flags_note=
if [[ $floor_flags != "${server_flags:-}" ]]; then
	flags_note=" (NOT equal settings: samsyn ${server_flags:-?}, floor $floor_flags)"
	say "the daemon flags differ:$flags_note"
fi
say "mhd_floor at $floor_url, threads $floor_threads, mhd_flags $floor_flags"

# ---- 3. measure ----

load_before=$(cut -d' ' -f1 /proc/loadavg) # after the argon2id hashing of step 1

run_wrk a "$url/api/v1/health"
run_wrk b -H "$cookie" "$url/api/v1/users?limit=50"
run_wrk c "$nginx_url/users.json"
run_wrk d "$floor_url/api/v1/users?limit=50"

# ---- 4. report ----

load_after=$(cut -d' ' -f1 /proc/loadavg)
ra=$(rps a) rb=$(rps b) rc=$(rps c) rd=$(rps d)
[[ -n $ra && -n $rb && -n $rc && -n $rd ]] || die "could not read wrk's Requests/sec"
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }
ratio_ac=$(ratio "$ra" "$rc") ratio_bc=$(ratio "$rb" "$rc") ratio_bd=$(ratio "$rb" "$rd") ratio_dc=$(ratio "$rd" "$rc")
goal=$(awk -v r="$ratio_bc" 'BEGIN { print (r >= 0.3 ? "met" : "NOT met") }')
goal_d=$(awk -v r="$ratio_bd" 'BEGIN { print (r >= 0.8 ? "met" : "NOT met") }')
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
report=$(
	printf 'Samsyn benchmark, %s\n' "$stamp"
	printf 'machine: %s\n' "$(machine)"
	printf 'samsyn: %s, serve --quiet %s(threads %s, mhd_flags %s); nginx: %s, worker_processes auto\n' \
		"$("$bin" version | cut -d' ' -f2)" "$([[ $threads == default ]] || echo "--threads $threads ")" \
		"${server_threads:-$threads}" "${server_flags:-?}" "$("$nginx" -v 2>&1 | sed 's/.*nginx\///')"
	printf 'mhd_floor: libmicrohttpd %s, threads %s, mhd_flags %s%s\n' \
		"$(pkg-config --modversion libmicrohttpd 2>/dev/null || echo ?)" "$floor_threads" "$floor_flags" "$flags_note"
	printf 'wrk: %s connections, %s threads, %s s each, keep-alive, loopback\n' "$connections" "$wrk_threads" "$seconds"
	printf 'users in the database: %s (admin, bench, %s more); body of (b): %s bytes\n' \
		"$nusers" "$((nusers - 2))" "$body_bytes"
	printf 'load average (1 min) before: %s, after: %s%s\n\n' "$load_before" "$load_after" \
		"$(awk -v l="$load_before" 'BEGIN { if (l > 0.5) print " (busy: other work, or a run just before; compare figures with care)" }')"
	printf '  %-46s %12s %10s  %s\n' test requests/s 'p99 ms' 'socket errors'
	printf '  %-46s %12s %10s  %s\n' 'a  samsyn GET /api/v1/health' "$ra" "$(p99 a)" "$(errors a)"
	printf '  %-46s %12s %10s  %s\n' 'b  samsyn GET /api/v1/users?limit=50 (cookie)' "$rb" "$(p99 b)" "$(errors b)"
	printf '  %-46s %12s %10s  %s\n' 'c  nginx static file, body of (b)' "$rc" "$(p99 c)" "$(errors c)"
	printf '  %-46s %12s %10s  %s\n' 'd  bare libmicrohttpd, bytes of (b)' "$rd" "$(p99 d)" "$(errors d)"
	printf '\n  a/c = %s    b/c = %s    (goal b/c >= 0.3: %s)\n' "$ratio_ac" "$ratio_bc" "$goal"
	printf '  b/d = %s    d/c = %s    (goal b/d >= 0.8: %s)\n' "$ratio_bd" "$ratio_dc" "$goal_d"
)
echo "$report"
mkdir -p "$root/bench/out"
out=$root/bench/out/bench-$(date -u +%Y%m%d-%H%M%S).txt
{
	echo "$report"
	for n in a b c d; do
		printf '\n---- wrk (%s) ----\n' "$n"
		cat "$tmp/wrk-$n.txt"
	done
} >"$out"
cp "$out" "$root/bench/out/latest.txt"
say "written to ${out#"$root"/} (and bench/out/latest.txt)"
