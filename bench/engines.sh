#!/usr/bin/env bash
# engines.sh — the benchmark on PostgreSQL beside SQLite, in the same run
# (issue 16; docs/performance.md, "Two engines"), on loopback:
#   1. (b) the user list against nginx: bench/run.sh on a SQLite file and
#      on a database of a throwaway PostgreSQL cluster (tests/pg_cluster.sh
#      with PostgreSQL's own defaults: fsync, synchronous commit,
#      shared_buffers — what an installation gets);
#   2. write throughput: wrk POSTs an anonymous participant (an audited
#      write: the row, its audit event) at 16 connections through Debian's
#      nginx in front of one and of two `samsyn serve` processes, on each
#      engine; every acknowledged write is counted in the database after,
#      and answers that are not 2xx (503 after the retries of a lost
#      serialization race on PostgreSQL) are counted and reported.
# Prints requests/s, p99 and the ratios PostgreSQL/SQLite and two servers/
# one, and writes the table to bench/out/engines-*.txt.
#   bench/engines.sh [BINARY]     default build/release/samsyn
# Environment: SAMSYN_BENCH_SECONDS (each wrk run, default 10).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=$(bench_binary "${1:-}")
seconds=${SAMSYN_BENCH_SECONDS:-10}
connections=16
wrk_threads=2
password='x7-load-and-search-42'

find_nginx
need_tools wrk curl psql sqlite3

bench_setup samsyn-engines wrk_pid s1_pid s2_pid lb_pid server_pid
pg_state=$tmp/pg
mkdir -p "$pg_state"
stop_cluster() { "$root/tests/pg_cluster.sh" stop "$pg_state" >/dev/null 2>&1 || true; }
trap 'rc=$?; stop_cluster; (exit $rc); _bench_cleanup' EXIT
PG_CLUSTER_DURABLE=1 "$root/tests/pg_cluster.sh" start "$pg_state" >&2
pg=$(cat "$pg_state/url")
pg_version=$(psql -X -A -t "$pg/postgres" -c 'SHOW server_version' | cut -d' ' -f1)
newdb() { psql -X -q "$pg/postgres" -c "CREATE DATABASE $1"; printf '%s/%s\n' "$pg" "$1"; }
count() { # DB SQL: one number
	if [[ $1 == *://* ]]; then psql -X -A -t "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}

# ---- 1. (b) on each engine, each beside nginx ----

declare -A b_rps b_p99 b_c b_ratio
for engine in sqlite postgresql; do
	db=
	[[ $engine == postgresql ]] && db=$(newdb users_list)
	say "run.sh on $engine"
	SAMSYN_BENCH_DB=$db SAMSYN_BENCH_SECONDS=$seconds "$root/bench/run.sh" "$bin" >"$tmp/run-$engine.txt"
	line=$(grep -m1 'samsyn GET /api/v1/users?limit=50 (cookie)' "$tmp/run-$engine.txt")
	read -r b_rps[$engine] b_p99[$engine] _ <<<"${line#*(cookie)}"
	line=$(grep -m1 'nginx static file, body of (b)' "$tmp/run-$engine.txt")
	read -r b_c[$engine] _ <<<"${line#*body of (b)}"
	b_ratio[$engine]=$(sed -n 's/.*b\/c = \([0-9.]*\).*/\1/p' "$tmp/run-$engine.txt")
done

# ---- 2. writes through nginx, one and two servers, each engine ----

# start_lb PORT...: nginx on a free port in front of the servers.
start_lb() {
	local prefix=$tmp/lb port p i
	rm -rf "$prefix"
	mkdir -p "$prefix"
	chmod 711 "$tmp"
	chmod 755 "$prefix"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	{
		printf 'daemon off;\nworker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log warn;\n' "$prefix" "$prefix"
		printf 'events { worker_connections 1024; }\nhttp {\n  access_log off;\n'
		for p in client_body proxy fastcgi uwsgi scgi; do printf '  %s_temp_path %s/%s;\n' "$p" "$prefix" "$p"; done
		printf '  upstream samsyn {\n'
		for p in "$@"; do printf '    server 127.0.0.1:%s;\n' "$p"; done
		printf '    keepalive 32;\n  }\n  server {\n    listen 127.0.0.1:%s;\n' "$port"
		printf '    location / { proxy_pass http://samsyn; proxy_http_version 1.1; proxy_set_header Connection ""; }\n  }\n}\n'
	} >"$prefix/nginx.conf"
	setsid "$nginx" -p "$prefix" -c "$prefix/nginx.conf" >"$prefix/out.log" 2>&1 &
	lb_pid=$!
	lb_url=http://127.0.0.1:$port
	for ((i = 0; i < 100; i++)); do
		curl -s -o /dev/null "$lb_url/api/v1/health" && return 0
		sleep 0.05
	done
	die "nginx did not answer: $(cat "$prefix/error.log" "$prefix/out.log")"
}

cat >"$tmp/post.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("BENCH_CSRF")
wrk.body = '{"anonymous":true,"sex":"female","birth_year":1980}'
EOF

declare -A w_rps w_p99 w_kept w_refused
for engine in sqlite postgresql; do
	for n in 1 2; do
		if [[ $engine == postgresql ]]; then db=$(newdb "writes_$n"); else db=$tmp/writes-$n.db; fi
		make_users "$bin" "$db" 2 "$password"
		ports=()
		start_server "$bin" "$db" default "$tmp/w-$engine-$n-a.log"
		s1_pid=$server_pid
		ports+=("${url##*:}")
		if [[ $n == 2 ]]; then
			start_server "$bin" "$db" default "$tmp/w-$engine-$n-b.log"
			s2_pid=$server_pid
			ports+=("${url##*:}")
		fi
		server_pid=
		start_lb "${ports[@]}"
		login "$lb_url" bench "$password"
		before=$(count "$db" 'SELECT COUNT(*) FROM participants')
		# Not run_wrk: an answer that is not 2xx (a 503 after the retries of
		# a lost serialization race) is counted and reported, not fatal.
		say "wrk (w-$engine-$n): $lb_url/api/v1/participants"
		BENCH_COOKIE=${cookie#Cookie: } BENCH_CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$tmp/login.json") \
			wrk -c "$connections" -t "$wrk_threads" -d "${seconds}s" --latency -s "$tmp/post.lua" \
			"$lb_url/api/v1/participants" >"$tmp/wrk-w-$engine-$n.txt" 2>&1 || die "wrk failed: $(cat "$tmp/wrk-w-$engine-$n.txt")"
		requests=$(awk '/requests in/ { print $1 }' "$tmp/wrk-w-$engine-$n.txt")
		refused=$(awk '/Non-2xx or 3xx responses/ { print $NF }' "$tmp/wrk-w-$engine-$n.txt")
		refused=${refused:-0}
		kept=$(($(count "$db" 'SELECT COUNT(*) FROM participants') - before))
		# wrk counts the requests it sent, also those cut off at its end.
		((kept >= requests - refused - connections)) || die "$engine, $n servers: $requests requests, $refused refused, only $kept participants stored"
		w_refused[$engine-$n]=$refused
		w_rps[$engine-$n]=$(rps "w-$engine-$n")
		w_p99[$engine-$n]=$(p99 "w-$engine-$n")
		w_kept[$engine-$n]=$kept
		stop "$lb_pid" group
		lb_pid=
		stop "$s1_pid"
		stop "${s2_pid:-}"
		s1_pid= s2_pid=
	done
done

# ---- 3. report ----

ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
report=$(
	printf 'Samsyn on two engines, %s\n' "$stamp"
	printf 'machine: %s\n' "$(machine)"
	printf 'samsyn: %s, serve with its defaults; SQLite %s; PostgreSQL %s (its own defaults, a local cluster); nginx %s\n' \
		"$("$bin" version | cut -d' ' -f2)" "$(sqlite3 --version | cut -d' ' -f1)" "$pg_version" "$("$nginx" -v 2>&1 | sed 's/.*nginx\///')"
	printf 'load average (1 min) at the end: %s\n\n' "$(cut -d' ' -f1 /proc/loadavg)"
	printf '(b) GET /api/v1/users?limit=50, wrk 64 connections, %s s (bench/run.sh)\n' "$seconds"
	printf '  %-12s %12s %10s %14s %8s\n' engine requests/s 'p99 ms' 'nginx req/s' 'b/c'
	for e in sqlite postgresql; do
		printf '  %-12s %12s %10s %14s %8s\n' "$e" "${b_rps[$e]}" "${b_p99[$e]}" "${b_c[$e]}" "${b_ratio[$e]}"
	done
	printf '  PostgreSQL/SQLite (b): %s\n\n' "$(ratio "${b_rps[postgresql]}" "${b_rps[sqlite]}")"
	printf 'writes: POST /api/v1/participants (anonymous, audited) through nginx, wrk %s connections, %s s\n' "$connections" "$seconds"
	printf '  %-12s %8s %12s %10s %10s %10s\n' engine servers requests/s 'p99 ms' stored 'not 2xx'
	for e in sqlite postgresql; do
		for n in 1 2; do
			printf '  %-12s %8s %12s %10s %10s %10s\n' "$e" "$n" "${w_rps[$e-$n]}" "${w_p99[$e-$n]}" "${w_kept[$e-$n]}" "${w_refused[$e-$n]}"
		done
	done
	printf '  two servers/one: SQLite %s, PostgreSQL %s; PostgreSQL/SQLite: one server %s, two %s\n' \
		"$(ratio "${w_rps[sqlite-2]}" "${w_rps[sqlite-1]}")" "$(ratio "${w_rps[postgresql-2]}" "${w_rps[postgresql-1]}")" \
		"$(ratio "${w_rps[postgresql-1]}" "${w_rps[sqlite-1]}")" "$(ratio "${w_rps[postgresql-2]}" "${w_rps[sqlite-2]}")"
)
echo "$report"
mkdir -p "$root/bench/out"
out=$root/bench/out/engines-$(date -u +%Y%m%d-%H%M%S).txt
{
	echo "$report"
	for e in sqlite postgresql; do printf '\n---- bench/run.sh on %s ----\n' "$e"; cat "$tmp/run-$e.txt"; done
} >"$out"
say "written to ${out#"$root"/}"
