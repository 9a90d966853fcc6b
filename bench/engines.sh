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
#   3. the participants report at 1 000 000 participants (the cached
#      database of bench/lib.sh gen_database, as sus.sh uses), moved into
#      PostgreSQL with `samsyn copy` (timed: a figure of its own), then
#      GET /api/v1/reports/participants?by=municipality for last year
#      against the same aggregate as one statement run by psql on the same
#      database (\timing), and on the SQLite file against the sqlite3
#      shell; the answers must agree; goal <= 1.2 on PostgreSQL;
#   4. the employer import of 1 200 000 generated rows into an empty
#      register on PostgreSQL against psql's \copy of the same file into a
#      table with the register's three indexes (orgnr unique, name, kommun +
#      SNI + size class) made before the load; goal <= 1.0; and against
#      \copy into the bare table with the indexes made after (what samsyn
#      does, store_bulk_begin), for reference.
# Prints requests/s, p99 and the ratios PostgreSQL/SQLite and two servers/
# one, and writes the table to bench/out/engines-*.txt.
#   bench/engines.sh [BINARY]     default build/release/samsyn
# Environment: SAMSYN_BENCH_SECONDS (each wrk run, default 10),
# SAMSYN_BENCH_PARTS (of "users writes report import"; default all),
# SAMSYN_BENCH_PARTICIPANTS (1000000), SAMSYN_BENCH_EMPLOYERS (1200000),
# SAMSYN_BENCH_RUNS (3: timed runs of each side of 3 and 4),
# SAMSYN_BENCH_CACHE (directory of the cached databases).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=$(bench_binary "${1:-}")
seconds=${SAMSYN_BENCH_SECONDS:-10}
connections=16
wrk_threads=2
password='x7-load-and-search-42'
parts=${SAMSYN_BENCH_PARTS:-users writes report import}
want() { [[ " $parts " == *" $1 "* ]]; }
participants=${SAMSYN_BENCH_PARTICIPANTS:-1000000}
enrolments=$((participants * 3))
rows=${SAMSYN_BENCH_EMPLOYERS:-1200000}
runs=${SAMSYN_BENCH_RUNS:-3}
seed=1
cache_dir=${SAMSYN_BENCH_CACHE:-$root/build/bench-cache}
year=$(date -u +%Y)
data_today=$year-01-01
from=$((year - 1))-01-01
to=$((year - 1))-12-31

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
want users && for engine in sqlite postgresql; do
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
want writes && for engine in sqlite postgresql; do
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

# ---- 3. the participants report at 1 000 000 participants ----

# seconds of one statement: psql's \timing or sqlite3's .timer; its rows
# (code|total|women|men) into $tmp/shell-rows.txt.
shell_once() { # DB
	if [[ $1 == *://* ]]; then
		{ echo '\timing on'; participants_report_sql "$from" "$to"; } | psql -X -A -t -F '|' "$1" >"$tmp/shell.out" 2>&1 || die "psql failed: $(cat "$tmp/shell.out")"
		grep -v '^Time:' "$tmp/shell.out" | grep -v '^Timing' | sed '/^$/d' >"$tmp/shell-rows.txt"
		awk '/^Time:/ { printf "%.4f\n", $2 / 1000 }' "$tmp/shell.out"
	else
		{ echo '.timer on'; participants_report_sql "$from" "$to" 'INDEXED BY participants_report'; } |
			sqlite3 "$1" >"$tmp/shell.out" 2>&1 || die "sqlite3 failed: $(cat "$tmp/shell.out")"
		grep -v '^Run Time:' "$tmp/shell.out" >"$tmp/shell-rows.txt"
		awk '/^Run Time:/ { print $4 }' "$tmp/shell.out"
	fi
}
server_report() { # URL: seconds; its rows into $tmp/server-rows.txt
	local out
	out=$(curl -s -o "$tmp/report.json" -w '%{http_code} %{time_total}' -H "$cookie" \
		"$1/api/v1/reports/participants?by=municipality&from=$from&to=$to")
	[[ ${out% *} == 200 ]] || die "the report answered ${out% *}: $(head -c 300 "$tmp/report.json")"
	report_rows "$tmp/report.json" >"$tmp/server-rows.txt"
	echo "${out#* }"
}

declare -A r_server r_shell r_ratio
copy_seconds= copy_rows= db_mb=
if want report; then
	gen_database "$bin"
	sdb=$tmp/report.db
	cp --reflink=auto "$cache" "$sdb"
	db_mb=$(($(stat -c %s "$sdb") / 1000000))
	pdb=$(newdb report) # copy migrates it
	say "samsyn copy of the ${db_mb} MB database into PostgreSQL"
	t0=$(date +%s.%N)
	"$bin" copy --from "$sdb" --to "$pdb" >"$tmp/copy.out" 2>&1 || die "samsyn copy failed: $(tail -5 "$tmp/copy.out")"
	copy_seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
	copy_rows=$(sed -n 's/.*tabeller och \([0-9]*\) rader.*/\1/p' "$tmp/copy.out")
	for engine in sqlite postgresql; do
		if [[ $engine == postgresql ]]; then db=$pdb; else db=$sdb; fi
		printf '%s\n' "$password" | "$bin" user passwd --db "$db" --username bench --password-stdin >/dev/null
		start_server "$bin" "$db" default "$tmp/report-$engine.log"
		login "$url" bench "$password"
		shell_once "$db" >/dev/null # warm-up: the pages into memory
		server_report "$url" >/dev/null
		LC_ALL=C sort "$tmp/shell-rows.txt" | cmp -s - "$tmp/server-rows.txt" ||
			die "$engine: the server's report and the shell's disagree: $(diff <(LC_ALL=C sort "$tmp/shell-rows.txt") "$tmp/server-rows.txt" | head -10 | tr '\n' ' ')"
		: >"$tmp/t-server"
		: >"$tmp/t-shell"
		say "timing the report on $engine, $runs runs each side, interleaved"
		for ((i = 0; i < runs; i++)); do
			server_report "$url" >>"$tmp/t-server"
			shell_once "$db" >>"$tmp/t-shell"
		done
		r_server[$engine]=$(median <"$tmp/t-server")
		r_shell[$engine]=$(median <"$tmp/t-shell")
		r_ratio[$engine]=$(awk -v a="${r_server[$engine]}" -v b="${r_shell[$engine]}" 'BEGIN { printf "%.2f", a / b }')
		stop "$server_pid"
		server_pid=
	done
	rm -f "$sdb" "$sdb-wal" "$sdb-shm" "$sdb-reads"*
	psql -X -q "$pg/postgres" -c 'DROP DATABASE report' >/dev/null
fi

# ---- 4. the employer import against psql's \copy ----

i_samsyn= i_copy= i_ratio= i_late= i_late_ratio=
if want import; then
	csv=$tmp/employers.csv
	employers_csv "$bin" "$csv"
	: >"$tmp/t-import"
	: >"$tmp/t-copy"
	: >"$tmp/t-late"
	for ((i = 1; i <= runs; i++)); do
		idb=$(newdb "import_$i")
		"$bin" init --db "$idb" >/dev/null || die "samsyn init on PostgreSQL failed"
		say "run $i of $runs: samsyn import employers into PostgreSQL"
		t0=$(date +%s.%N)
		"$bin" import employers --db "$idb" "$csv" >"$tmp/import.out" 2>&1 || die "samsyn import failed: $(tail -5 "$tmp/import.out")"
		awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", b - a }' >>"$tmp/t-import"
		n=$(count "$idb" 'SELECT COUNT(*) FROM employers')
		[[ $n == "$rows" ]] || die "samsyn import: $n employers, want $rows"
		say "run $i of $runs: psql \\copy into the indexed table"
		cdb=$(newdb "copy_$i")
		psql -X -q "$cdb" -c 'CREATE TABLE t (orgnr TEXT, name TEXT, sni_code TEXT, size_class TEXT, municipality_code TEXT);' \
			-c 'CREATE UNIQUE INDEX t_orgnr ON t (orgnr); CREATE INDEX t_name ON t (lower(name));' \
			-c 'CREATE INDEX t_structure ON t (municipality_code, sni_code, size_class);' >/dev/null
		t0=$(date +%s.%N)
		psql -X -q "$cdb" -c "\\copy t FROM '$csv' WITH (FORMAT csv, HEADER true)" >/dev/null || die "psql \\copy failed"
		awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", b - a }' >>"$tmp/t-copy"
		n=$(count "$cdb" 'SELECT COUNT(*) FROM t')
		[[ $n == "$rows" ]] || die "psql \\copy: $n rows, want $rows"
		say "run $i of $runs: psql \\copy into the bare table, then its indexes"
		ddb=$(newdb "late_$i")
		t0=$(date +%s.%N)
		psql -X -q "$ddb" -c 'CREATE TABLE t (orgnr TEXT, name TEXT, sni_code TEXT, size_class TEXT, municipality_code TEXT);' \
			-c "\\copy t FROM '$csv' WITH (FORMAT csv, HEADER true)" \
			-c 'CREATE UNIQUE INDEX t_orgnr ON t (orgnr); CREATE INDEX t_name ON t (lower(name));' \
			-c 'CREATE INDEX t_structure ON t (municipality_code, sni_code, size_class);' >/dev/null || die "psql \\copy, then indexes, failed"
		awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", b - a }' >>"$tmp/t-late"
		psql -X -q "$pg/postgres" -c "DROP DATABASE import_$i" -c "DROP DATABASE copy_$i" -c "DROP DATABASE late_$i" >/dev/null
	done
	i_samsyn=$(median <"$tmp/t-import")
	i_copy=$(median <"$tmp/t-copy")
	i_ratio=$(awk -v a="$i_samsyn" -v b="$i_copy" 'BEGIN { printf "%.2f", a / b }')
	i_late=$(median <"$tmp/t-late")
	i_late_ratio=$(awk -v a="$i_samsyn" -v b="$i_late" 'BEGIN { printf "%.2f", a / b }')
fi

# ---- 5. report ----

ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
report=$(
	printf 'Samsyn on two engines, %s\n' "$stamp"
	printf 'machine: %s\n' "$(machine)"
	printf 'samsyn: %s, serve with its defaults; SQLite %s; PostgreSQL %s (its own defaults, a local cluster); nginx %s\n' \
		"$("$bin" version | cut -d' ' -f2)" "$(sqlite3 --version | cut -d' ' -f1)" "$pg_version" "$("$nginx" -v 2>&1 | sed 's/.*nginx\///')"
	printf 'load average (1 min) at the end: %s\n\n' "$(cut -d' ' -f1 /proc/loadavg)"
	if want users; then
	printf '(b) GET /api/v1/users?limit=50, wrk 64 connections, %s s (bench/run.sh)\n' "$seconds"
	printf '  %-12s %12s %10s %14s %8s\n' engine requests/s 'p99 ms' 'nginx req/s' 'b/c'
	for e in sqlite postgresql; do
		printf '  %-12s %12s %10s %14s %8s\n' "$e" "${b_rps[$e]}" "${b_p99[$e]}" "${b_c[$e]}" "${b_ratio[$e]}"
	done
	printf '  PostgreSQL/SQLite (b): %s\n\n' "$(ratio "${b_rps[postgresql]}" "${b_rps[sqlite]}")"
	fi
	if want writes; then
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
	fi
	if want report; then
	printf '\nthe participants report by municipality, %s, %s participants, %s enrolments (median of %s)\n' "$from – $to" "$participants" "$enrolments" "$runs"
	printf '  moved into PostgreSQL by samsyn copy: %s rows (%s MB SQLite file) in %s s\n' "$copy_rows" "$db_mb" "$copy_seconds"
	printf '  %-12s %12s %22s %8s\n' engine 'samsyn s' 'same SQL in shell s' ratio
	for e in sqlite postgresql; do
		printf '  %-12s %12s %22s %8s\n' "$e" "${r_server[$e]}" "${r_shell[$e]}" "${r_ratio[$e]}"
	done
	printf '  (goal on PostgreSQL <= 1.2: %s)\n' "$(awk -v r="${r_ratio[postgresql]}" 'BEGIN { print (r <= 1.2 ? "met" : "NOT met") }')"
	fi
	if want import; then
	printf '\nemployer import, %s rows, into an empty register on PostgreSQL (median of %s)\n' "$rows" "$runs"
	printf '  samsyn import employers %s s; psql \\copy into a table with the same three indexes %s s; ratio %s (goal <= 1.0: %s)\n' \
		"$i_samsyn" "$i_copy" "$i_ratio" "$(awk -v r="$i_ratio" 'BEGIN { print (r <= 1.0 ? "met" : "NOT met") }')"
	printf '  psql \\copy into the bare table, then the same indexes (what samsyn does: it drops and rebuilds the\n'
	printf '  register'"'"'s secondary indexes around the load) %s s; ratio %s\n' "$i_late" "$i_late_ratio"
	fi
)

echo "$report"
mkdir -p "$root/bench/out"
out=$root/bench/out/engines-$(date -u +%Y%m%d-%H%M%S).txt
{
	echo "$report"
	if want users; then
		for e in sqlite postgresql; do printf '\n---- bench/run.sh on %s ----\n' "$e"; cat "$tmp/run-$e.txt"; done
	fi
} >"$out"
say "written to ${out#"$root"/}"
