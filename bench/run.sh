#!/usr/bin/env bash
# run.sh — the Samsyn benchmark, on loopback only. Makes a throwaway
# database with 50 users (admin from init, the admin "bench" and 48 more),
# serves it, logs in as bench, then runs wrk (64 connections, 2 threads,
# 15 s, --latency) against (a) GET /api/v1/health, (b) GET
# /api/v1/users?limit=50 with the session cookie and (c) Debian's nginx
# serving the exact body of (b) as a static file. Prints requests/s, p99
# latency and the ratios a/c and b/c (goal b/c >= 0.3), and writes the
# table plus wrk's raw output to bench/out/. Stops everything it started.
#   bench/run.sh [BINARY]     default build/release/samsyn
# Environment: SAMSYN_BENCH_THREADS (samsyn serve --threads, default 8, the
# best of 2, 4 and 8 on 2 cores: docs/performance.md),
# SAMSYN_BENCH_SECONDS (length of each wrk run, default 15).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-build/release/samsyn}
if [[ $bin != /* ]]; then
	if [[ -e $bin ]]; then bin=$(pwd)/$bin; else bin=$root/$bin; fi
fi
threads=${SAMSYN_BENCH_THREADS:-8}
seconds=${SAMSYN_BENCH_SECONDS:-15}
connections=64
wrk_threads=2
nusers=50 # in the database, admin included
password='x7-load-and-search-42' # the admin "bench"; the database is thrown away (not the username: the password check refuses that)
. "$root/bench/lib.sh"

[[ -x $bin ]] || die "no samsyn binary at $bin (build it: cmake --build build/release)"
nginx=$(command -v nginx || true)
if [[ -z $nginx && -x /usr/sbin/nginx ]]; then nginx=/usr/sbin/nginx; fi # not on a user's PATH
[[ -n $nginx ]] || die "nginx is missing (scripts/setup.sh bench)"
for tool in wrk curl; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/setup.sh bench)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/samsyn-bench.XXXXXX")
server_pid=
nginx_pid=
wrk_pid=

cleanup() {
	local rc=$?
	stop "$wrk_pid"
	stop "$server_pid"
	stop "$nginx_pid" group
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- 1. database, users, server, login ----

load_before=$(cut -d' ' -f1 /proc/loadavg)

db=$tmp/samsyn.db
"$bin" init --db "$db" >"$tmp/init.log" || die "samsyn init failed: $(cat "$tmp/init.log")"
say "creating $((nusers - 1)) users (argon2id hashing takes a while)"
add_user() { # username name role [email]
	printf '%s\n' "$password" | "$bin" user add --db "$db" --username "$1" --name "$2" --org-id 1 \
		--role "$3" ${4:+--email "$4"} --password-stdin >/dev/null
}
add_user bench "Bänk Märk" admin bench@example.se
roles=(case_worker kansli reader trainer employer_contact)
for ((i = 3; i <= nusers; i++)); do
	add_user "$(printf 'user%02d' "$i")" "$(printf 'Användare %02d Åkesson' "$i")" "${roles[i % 5]}" \
		"$(printf 'user%02d@example.se' "$i")"
done

start_server "$bin" "$db" "$threads" "$tmp/serve.log"
say "samsyn at $url, --threads $threads"
login "$url" bench "$password"

# ---- 2. the checks before measuring ----

code=$(curl -s -o "$tmp/health.json" -w '%{http_code}' "$url/api/v1/health")
[[ $code == 200 ]] || die "GET /api/v1/health answered $code: $(cat "$tmp/health.json")"
mkdir -p "$tmp/nginx/www"
body=$tmp/nginx/www/users.json
code=$(curl -s -o "$body" -w '%{http_code}' -H "$cookie" "$url/api/v1/users?limit=50")
[[ $code == 200 ]] || die "GET /api/v1/users?limit=50 answered $code: $(cat "$body")"
items=$(grep -o '"id":' "$body" | wc -l || true)
[[ $items -eq $nusers ]] || die "GET /api/v1/users?limit=50 has $items items, want $nusers"
grep -q "\"total\":$nusers," "$body" || die "GET /api/v1/users?limit=50 does not say total $nusers"
body_bytes=$(wc -c <"$body")

# nginx: workers drop to "nobody" when this runs as root, so they must be
# able to reach the file.
chmod 711 "$tmp"
chmod 755 "$tmp/nginx" "$tmp/nginx/www"
chmod 644 "$body"
# Its compiled-in temp dirs are under /var/lib/nginx: move every one it has.
nginx_build=$("$nginx" -V 2>&1)
temp_paths="	client_body_temp_path $tmp/nginx/body;"
for m in proxy fastcgi uwsgi scgi; do
	[[ $nginx_build == *"--without-http_${m}_module"* ]] || temp_paths+=$'\n'"	${m}_temp_path $tmp/nginx/$m;"
done
nginx_url=
for attempt in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 40000))
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # taken
	awk -v prefix="$tmp/nginx" -v port="$port" -v paths="$temp_paths" \
		'{ gsub(/@PREFIX@/, prefix); gsub(/@PORT@/, port); if ($0 == "@TEMP_PATHS@") $0 = paths; print }' \
		"$root/bench/nginx.conf.in" >"$tmp/nginx/nginx.conf"
	: >"$tmp/nginx/error.log"
	setsid "$nginx" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" \
		>"$tmp/nginx/stdout.log" 2>&1 &
	nginx_pid=$!
	for ((i = 0; i < 100; i++)); do
		if curl -sf -o /dev/null "http://127.0.0.1:$port/users.json"; then
			nginx_url=http://127.0.0.1:$port
			break
		fi
		kill -0 "$nginx_pid" 2>/dev/null || break
		sleep 0.05
	done
	[[ -n $nginx_url ]] && break
	stop "$nginx_pid" group
	nginx_pid=
	grep -q 'Address already in use' "$tmp/nginx/error.log" || die "nginx did not start: $(cat "$tmp/nginx/error.log" "$tmp/nginx/stdout.log")"
done
[[ -n $nginx_url ]] || die "nginx found no free port"
curl -s -o "$tmp/nginx-body" "$nginx_url/users.json"
cmp -s "$body" "$tmp/nginx-body" || die "nginx does not serve the body of (b)"
say "nginx at $nginx_url serving $body_bytes bytes"

# ---- 3. measure ----

run_wrk a "$url/api/v1/health"
run_wrk b -H "$cookie" "$url/api/v1/users?limit=50"
run_wrk c "$nginx_url/users.json"

# ---- 4. report ----

load_after=$(cut -d' ' -f1 /proc/loadavg)
ra=$(rps a) rb=$(rps b) rc=$(rps c)
[[ -n $ra && -n $rb && -n $rc ]] || die "could not read wrk's Requests/sec"
ratio_ac=$(awk -v x="$ra" -v y="$rc" 'BEGIN { printf "%.2f", x / y }')
ratio_bc=$(awk -v x="$rb" -v y="$rc" 'BEGIN { printf "%.2f", x / y }')
goal=$(awk -v r="$ratio_bc" 'BEGIN { print (r >= 0.3 ? "met" : "NOT met") }')
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
report=$(
	printf 'Samsyn benchmark, %s\n' "$stamp"
	printf 'machine: %s\n' "$(machine)"
	printf 'samsyn: %s, serve --quiet --threads %s; nginx: %s, worker_processes auto\n' \
		"$("$bin" version | cut -d' ' -f2)" "$threads" "$("$nginx" -v 2>&1 | sed 's/.*nginx\///')"
	printf 'wrk: %s connections, %s threads, %s s each, keep-alive, loopback\n' "$connections" "$wrk_threads" "$seconds"
	printf 'users in the database: %s (admin, bench, %s more); body of (b): %s bytes\n' \
		"$nusers" "$((nusers - 2))" "$body_bytes"
	printf 'load average (1 min) before: %s, after: %s%s\n\n' "$load_before" "$load_after" \
		"$(awk -v l="$load_before" 'BEGIN { if (l > 0.5) print " (busy: other work, or a run just before; compare figures with care)" }')"
	printf '  %-46s %12s %10s  %s\n' test requests/s 'p99 ms' 'socket errors'
	printf '  %-46s %12s %10s  %s\n' 'a  samsyn GET /api/v1/health' "$ra" "$(p99 a)" "$(errors a)"
	printf '  %-46s %12s %10s  %s\n' 'b  samsyn GET /api/v1/users?limit=50 (cookie)' "$rb" "$(p99 b)" "$(errors b)"
	printf '  %-46s %12s %10s  %s\n' 'c  nginx static file, body of (b)' "$rc" "$(p99 c)" "$(errors c)"
	printf '\n  a/c = %s    b/c = %s    (goal b/c >= 0.3: %s)\n' "$ratio_ac" "$ratio_bc" "$goal"
)
echo "$report"
mkdir -p "$root/bench/out"
out=$root/bench/out/bench-$(date -u +%Y%m%d-%H%M%S).txt
{
	echo "$report"
	for n in a b c; do
		printf '\n---- wrk (%s) ----\n' "$n"
		cat "$tmp/wrk-$n.txt"
	done
} >"$out"
cp "$out" "$root/bench/out/latest.txt"
say "written to ${out#"$root"/} (and bench/out/latest.txt)"
