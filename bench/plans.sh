#!/usr/bin/env bash
# plans.sh — the joint plan benchmark of issue 15 (docs/performance.md,
# "Joint plans"), on loopback only. Takes the cached database of `samsyn
# gen` with 1 000 000 participants (bench/lib.sh gen_database, shared with
# sus.sh and matching.sh), copies it to a temp dir and adds, with SQL in
# the sqlite3 shell (bench/plans-data.sql), 300 000 joint plans (a step
# each, a third with a partner, 15 % paused with review dates around
# today), 60 000 handovers (a third pending) and three case workers per
# organisation. No ANALYZE (the server never runs one). Then, as those
# case workers — each request as the next of them, so the organisations
# and users vary:
#   (i)   GET /api/v1/handovers?status=pending (the inbox, a page of 50),
#         SAMSYN_BENCH_PLANS_REQUESTS requests one at a time (curl), median
#         and p99;
#   (ii)  GET /api/v1/plans?review=due (this week's re-actualisation list,
#         a page of 50), the same;
#   (iii) the same statements in the sqlite3 shell on the same file (the
#         count and the page, `samsyn plans-sql`, with the parameters the
#         server binds for each user and the connection's mmap_size), the
#         ratio of the medians;
#   (iv)  wrk requests/s of (i) and (ii) at 16 connections, cycling through
#         the same users.
# The report goes to bench/out/plans-DATE.txt and bench/out/latest-plans.txt.
#   bench/plans.sh [BINARY]     default build/release/samsyn
# Environment: SAMSYN_BENCH_PARTICIPANTS (1000000), SAMSYN_BENCH_PLANS
# (300000), SAMSYN_BENCH_PLANS_REQUESTS (200), SAMSYN_BENCH_SECONDS (15),
# SAMSYN_BENCH_THREADS (default: serve's own), SAMSYN_BENCH_CACHE.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=$(bench_binary "${1:-}")
participants=${SAMSYN_BENCH_PARTICIPANTS:-1000000}
enrolments=$((participants * 3)) # as sus.sh: the same cached database
seed=1
plans=${SAMSYN_BENCH_PLANS:-300000}
requests=${SAMSYN_BENCH_PLANS_REQUESTS:-200}
seconds=${SAMSYN_BENCH_SECONDS:-15}
threads=${SAMSYN_BENCH_THREADS:-default}
cache_dir=${SAMSYN_BENCH_CACHE:-$root/build/bench-cache}
connections=16
wrk_threads=2
password='x7-load-and-search-42'
year=$(date -u +%Y)
data_today=$year-01-01
# The server's "today" is Sweden's date (src/base/clock.c).
today=$(swedish_today)
sunday=$(date -u -d "$today + $((7 - $(date -u -d "$today" +%u))) days" +%F) # the end of this ISO week

need_tools sqlite3 wrk curl awk

bench_setup samsyn-bench-plans wrk_pid gen_pid server_pid
load_before=$(cut -d' ' -f1 /proc/loadavg)
started=$(date +%s)

# ---- 1. the database: gen's, then the plans ----

gen_database "$bin"
db=$tmp/plans.db
cp --reflink=auto "$cache" "$db"
printf '%s\n' "$password" | "$bin" user passwd --db "$db" --username bench --password-stdin >/dev/null ||
	die "samsyn user passwd bench failed"
user_id=$(sqlite3 "$db" "SELECT id FROM users WHERE username = 'bench'")
hash=$(sqlite3 "$db" "SELECT password_hash FROM users WHERE username = 'bench'")
say "adding $plans plans, their steps, partners and handovers"
{
	printf '.bail on\n'
	printf '.parameter set :today "%s"\n.parameter set :password "%s"\n' "'$today'" "'$hash'"
	printf '.parameter set :plans %s\n.parameter set :user %s\n' "$plans" "$user_id"
	printf 'BEGIN;\n.read %s\nCOMMIT;\nPRAGMA wal_checkpoint(TRUNCATE);\n' "$root/bench/plans-data.sql"
} >"$tmp/fill.sql"
t0=$(date +%s)
sqlite3 "$db" <"$tmp/fill.sql" >"$tmp/fill.out" 2>&1 || die "the plans data failed: $(tail -5 "$tmp/fill.out")"
fill_seconds=$(($(date +%s) - t0))
data_line=$(sqlite3 -separator ' ' "$db" "SELECT (SELECT COUNT(*) FROM plans), (SELECT COUNT(*) FROM plans WHERE status = 'paused'),
	(SELECT COUNT(*) FROM plan_partners), (SELECT COUNT(*) FROM plan_handovers), (SELECT COUNT(*) FROM plan_handovers WHERE status = 'pending'),
	(SELECT COUNT(*) FROM users WHERE username LIKE 'plans.cw%')")
db_bytes=$(stat -c %s "$db")
# The users, one line each: id org username.
sqlite3 -separator ' ' "$db" "SELECT id, org_id, username FROM users WHERE username LIKE 'plans.cw%' ORDER BY org_id, id" >"$tmp/users"

# ---- 2. server, logins ----

start_server "$bin" "$db" "$threads" "$tmp/serve.log"
say "samsyn at $url (threads ${server_threads:-?})"
: >"$tmp/cookies"
while read -r uid org name; do
	login "$url" "$name" "$password"
	echo "$uid $org ${cookie#Cookie: }" >>"$tmp/cookies"
done <"$tmp/users"
nusers=$(wc -l <"$tmp/cookies")

# ---- 3. the shell's statements, request by request ----

inbox_count=$("$bin" plans-sql inbox-count)
inbox_page=$("$bin" plans-sql inbox)
review_count=$("$bin" plans-sql review-count)
review_page=$("$bin" plans-sql review)
# shell_script NAME: the statements of $requests requests, each as the next
# user (the order the server's requests take), with a "#n" line before each.
shell_script() {
	local name=$1 n=0 uid org
	printf 'PRAGMA mmap_size=2147418112;\nPRAGMA temp_store=MEMORY;\n.timer on\n'
	printf '.parameter set :all 0\n.parameter set :limit 50\n.parameter set :offset 0\n'
	while ((n < requests)); do
		read -r uid org _ < <(sed -n "$((n % nusers + 1))p" "$tmp/cookies")
		printf '.print #%s\n.parameter set :org %s\n' "$n" "$org"
		if [[ $name == inbox ]]; then
			printf '.parameter set :own %s\n.parameter set :status "%s"\n' "$org" "'pending'"
			printf '.parameter set :mine 0\n.parameter set :me %s\n.parameter set :today "%s"\n' "$uid" "'$today'"
			printf '%s\n%s\n' "$inbox_count" "$inbox_page"
		else
			printf '.parameter set :status NULL\n.parameter set :until "%s"\n' "'$sunday'"
			printf '%s\n%s\n' "$review_count" "$review_page"
		fi
		n=$((n + 1))
	done
}
# time_shell NAME: seconds per request (count + page) in $tmp/s-NAME, CPU in $tmp/c-NAME.
time_shell() {
	local name=$1
	shell_script "$name" >"$tmp/$name.sql"
	sqlite3 "$db" <"$tmp/$name.sql" >"$tmp/$name.out" 2>&1 || die "sqlite3 failed on $name: $(tail -3 "$tmp/$name.out")"
	awk '/^#/ { if (seen) print real; real = 0; seen = 1; next } /^Run Time:/ { real += $4 } END { if (seen) print real }' \
		"$tmp/$name.out" >"$tmp/s-$name"
	awk '/^#/ { if (seen) print cpu; cpu = 0; seen = 1; next } /^Run Time:/ { cpu += $6 + $8 } END { if (seen) print cpu }' \
		"$tmp/$name.out" >"$tmp/c-$name"
}
# time_server NAME PATH: $requests requests one at a time, each as the next user.
time_server() {
	local name=$1 path=$2 n=0 uid org c out
	: >"$tmp/t-$name"
	while ((n < requests)); do
		read -r uid org c < <(sed -n "$((n % nusers + 1))p" "$tmp/cookies")
		out=$(curl -s -o "$tmp/answer.json" -w '%{http_code} %{time_total}' -H "Cookie: $c" "$url$path")
		if [[ ${out% *} != 200 ]]; then
			fail_part "$name: GET $path answered ${out% *}: $(head -c 300 "$tmp/answer.json")"
			return 1
		fi
		echo "${out#* }" >>"$tmp/t-$name"
		n=$((n + 1))
	done
	rows_last=$(grep -o '"total":[0-9]*' "$tmp/answer.json" | tail -1 | cut -d: -f2)
}

results=()
cpu=()
for name in inbox review; do
	if [[ $name == inbox ]]; then path='/api/v1/handovers?status=pending'; else path='/api/v1/plans?review=due'; fi
	say "$name: $requests requests one at a time as $nusers case workers, then the same in the sqlite3 shell"
	ok=1
	rows_last=-
	time_server "$name" "$path" || ok=0
	time_shell "$name"
	shell_med=$(median <"$tmp/s-$name")
	shell_p99=$(percentile 99 <"$tmp/s-$name")
	if ((ok)); then
		med=$(median <"$tmp/t-$name")
		p99v=$(percentile 99 <"$tmp/t-$name")
		ratio=$(awk -v a="$med" -v b="$shell_med" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
		# wrk: each request as the next user of the connection's thread.
		{
			printf 'local cookies = {\n'
			awk '{ printf "  \"%s\",\n", $3 }' "$tmp/cookies"
			printf '}\nlocal i = 0\nrequest = function()\n  i = i %% #cookies + 1\n'
			printf '  return wrk.format("GET", "%s", { ["Cookie"] = cookies[i] })\nend\n' "$path"
		} >"$tmp/$name.lua"
		run_wrk "$name" --timeout 30s -s "$tmp/$name.lua" "$url"
		results+=("$name $(ms "$med") $(ms "$p99v") $(ms "$shell_med") $(ms "$shell_p99") $ratio $(rps "$name") $(p99 "$name") $rows_last $(cut -d' ' -f1 /proc/loadavg)")
	else
		results+=("$name - - $(ms "$shell_med") $(ms "$shell_p99") - - - - $(cut -d' ' -f1 /proc/loadavg)")
	fi
	cpu+=("$name $(ms "$(median <"$tmp/c-$name")") $(ms "$(percentile 90 <"$tmp/c-$name")") $(ms "$(percentile 99 <"$tmp/c-$name")")")
done

# ---- 4. report ----

stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
read -r n_plans n_paused n_partners n_handovers n_pending n_users <<<"$data_line"
report=$(
	printf 'Samsyn joint plan benchmark (issue 15), %s\n' "$stamp"
	printf 'machine: %s\n' "$(machine)"
	printf 'samsyn: %s, serve --quiet, threads %s; %s\n' "$("$bin" version | cut -d' ' -f2)" "${server_threads:-?}" \
		"$(sqlite3 --version | awk '{ print "sqlite3 " $1 }')"
	printf 'database: %s participants (samsyn gen %s, %s), %s plans (%s paused), %s partner rows,\n' \
		"$participants" "$gen_version" "$gen_note" "$n_plans" "$n_paused" "$n_partners"
	printf '  %s handovers (%s pending), %s case workers in %s organisations; %s MB; data added in %s s; no ANALYZE\n' \
		"$n_handovers" "$n_pending" "$n_users" "$((n_users / 3))" "$((db_bytes / 1000000))" "$fill_seconds"
	printf 'today %s (Sweden), this week ends %s; pages of 50 (the default limit)\n' "$today" "$sunday"
	printf 'load average (1 min) before: %s%s\n\n' "$load_before" \
		"$(awk -v l="$load_before" 'BEGIN { if (l > 0.5) print " (busy: other work on the machine; compare figures with care)" }')"
	printf '%s requests each, one at a time, each as the next of the case workers; wrk %s connections, %s threads, %s s\n' \
		"$requests" "$connections" "$wrk_threads" "$seconds"
	printf '  %-7s %10s %10s %11s %11s %7s %11s %9s %7s %5s\n' '' 'median ms' 'p99 ms' 'shell med' 'shell p99' ratio \
		requests/s 'wrk p99' 'total' load
	for r in "${results[@]}"; do
		# shellcheck disable=SC2086 # the fields are words
		printf '  %-7s %10s %10s %11s %11s %7s %11s %9s %7s %5s\n' $r
	done
	printf '  (total: the last answer'"'"'s total, the size of one organisation'"'"'s list)\n'
	printf '  the shell'"'"'s CPU time (user + sys) per request (count + page), whatever the load:\n'
	for r in "${cpu[@]}"; do
		read -r d c_med c_p90 c_p99 <<<"$r"
		printf '  %-7s median %s ms, p90 %s ms, p99 %s ms\n' "$d" "$c_med" "$c_p90" "$c_p99"
	done
	printf '  goal: p99 of one request at a time < 100 ms (%s); run took %s s\n' \
		"$(printf '%s\n' "${results[@]}" | awk '{ if ($3 == "-" || $3 >= 100) p = 1 } END { print (p ? "NOT met" : "met") }')" \
		"$(($(date +%s) - started))"
	if ((${#failures[@]})); then
		printf '\nnot measured or wrong:\n'
		printf '  - %s\n' "${failures[@]}"
	fi
)
echo "$report"
mkdir -p "$root/bench/out"
out=$root/bench/out/plans-$(date -u +%Y%m%d-%H%M%S).txt
{
	echo "$report"
	for d in inbox review; do
		printf '\n---- %s: server seconds, shell seconds, shell CPU seconds (same order) ----\n' "$d"
		paste -d' ' "$tmp/t-$d" "$tmp/s-$d" "$tmp/c-$d" 2>/dev/null | tr '\n' ';' || true
		printf '\n'
		[[ -f $tmp/wrk-$d.txt ]] && { printf '\n---- wrk %s ----\n' "$d"; cat "$tmp/wrk-$d.txt"; }
	done
	printf '\n---- the statements (samsyn plans-sql) ----\n'
	"$bin" plans-sql inbox-count
	"$bin" plans-sql inbox
	"$bin" plans-sql review-count
	"$bin" plans-sql review
} >"$out"
cp "$out" "$root/bench/out/latest-plans.txt"
say "written to ${out#"$root"/} (and bench/out/latest-plans.txt)"
((${#failures[@]} == 0)) || exit 1
