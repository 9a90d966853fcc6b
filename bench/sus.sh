#!/usr/bin/env bash
# sus.sh — the follow-up benchmark of issue 3, on loopback only. Uses a
# database made by `samsyn gen` with 1 000 000 participants and 3 000 000
# enrolments (cached in build/bench-cache, keyed by the generator's version,
# the sizes, the seed and the data's "today", so re-runs reuse it), copies
# it to a temp dir, serves the copy and measures, in the same run:
#   (i)   GET /api/v1/reports/participants?by=municipality for last year,
#         timed with curl (median of SAMSYN_BENCH_RUNS runs after a warm-up),
#   (ii)  the same aggregate as one SQL statement, run by the sqlite3
#         command-line tool on the same file (its own .timer, same runs,
#         interleaved with (i)), and the ratio (i)/(ii) (goal <= 1.2);
#         the two answers must agree;
#   (iii) wrk requests/s of GET /api/v1/participants?limit=50 as an admin,
#         with the audit of its reads, against
#   (iv)  the same list served by a diagnostic build without that audit
#         (-DSAMSYN_BENCH_NO_LIST_AUDIT, made by this script in
#         build/bench-no-list-audit from the same source tree; never a
#         runtime setting), alternated SAMSYN_BENCH_LIST_ROUNDS times on the
#         same database, and the ratio (iii)/(iv) (goal >= 0.8). BINARY
#         should be built from the same tree for that ratio to mean much;
#   (v)   GET /api/v1/start, the start page, of a case worker of the
#         organisation in the most interventions (the largest such page)
#         and of a kansli of the förbund (every intervention): the latency
#         of SAMSYN_BENCH_START_RUNS requests one at a time (median and
#         p99, goal p99 < 300 ms) and wrk requests/s at 16 connections,
#         with the load average when measured.
#   (vi)  the secondary reports (participants by intervention and by
#         outcome, occupation, work or studies, income transitions,
#         interventions, costs, goals) for last year, each against its
#         aggregate as one SQL statement (bench/reports/NAME.sql) run by
#         the sqlite3 shell on the same file, interleaved; the answers must
#         agree line by line; ratio goal <= 1.2 each.
# A part whose endpoint is missing or wrong is reported as not measured and
# the others still run; then the script exits 1 after writing the report to
# bench/out/sus-DATE.txt and bench/out/latest-sus.txt.
#   bench/sus.sh [BINARY]     default build/release/samsyn
# Environment: SAMSYN_BENCH_PARTICIPANTS (1000000), SAMSYN_BENCH_ENROLMENTS
# (3 x participants), SAMSYN_BENCH_SEED (1), SAMSYN_BENCH_RUNS (5),
# SAMSYN_BENCH_THREADS (8), SAMSYN_BENCH_SECONDS (15, each wrk run),
# SAMSYN_BENCH_CACHE (directory of the cached databases),
# SAMSYN_BENCH_LIST_ROUNDS (2: (iii) and (iv) each run that many times,
# alternated), SAMSYN_BENCH_NO_AUDIT_BIN (a ready diagnostic binary instead
# of building one), SAMSYN_BENCH_START_RUNS (200), SAMSYN_BENCH_PARTS (the
# parts to run, of "report list start reports"; default all: "start" alone
# skips the report, the list and the diagnostic build),
# SAMSYN_BENCH_REPORT_RUNS (3: runs of each side of each report in (vi)).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=$(bench_binary "${1:-}")
participants=${SAMSYN_BENCH_PARTICIPANTS:-1000000}
enrolments=${SAMSYN_BENCH_ENROLMENTS:-$((participants * 3))}
seed=${SAMSYN_BENCH_SEED:-1}
runs=${SAMSYN_BENCH_RUNS:-5}
threads=${SAMSYN_BENCH_THREADS:-8}
seconds=${SAMSYN_BENCH_SECONDS:-15}
cache_dir=${SAMSYN_BENCH_CACHE:-$root/build/bench-cache}
list_rounds=${SAMSYN_BENCH_LIST_ROUNDS:-2}
noaudit_bin=${SAMSYN_BENCH_NO_AUDIT_BIN:-}
start_runs=${SAMSYN_BENCH_START_RUNS:-200}
start_changed_runs=${SAMSYN_BENCH_START_CHANGED_RUNS:-20}
parts=${SAMSYN_BENCH_PARTS:-report list start reports}
report_runs=${SAMSYN_BENCH_REPORT_RUNS:-3}
want() { [[ " $parts " == *" $1 "* ]]; }
connections=64
wrk_threads=2
password='x7-load-and-search-42' # the admin "bench" of the generated database (not the username: the password check refuses that)

need_tools sqlite3 wrk curl node
consent_date=$(swedish_today) # a consent given today, Sweden's date as the server's

# The data's today is 1 January of this year, so last year is complete and
# the cache lasts the year.
year=$(date -u +%Y)
data_today=$year-01-01
from=$((year - 1))-01-01
to=$((year - 1))-12-31

bench_setup samsyn-bench-sus wrk_pid gen_pid server_pid

load_before=$(cut -d' ' -f1 /proc/loadavg)

# ---- 1. the generated database, from the cache or made now ----

gen_database "$bin"
db=$tmp/sus.db
cp --reflink=auto "$cache" "$db"
# The copy's "bench" gets this script's password: a cache made by an older
# script has another one.
printf '%s\n' "$password" | "$bin" user passwd --db "$db" --username bench --password-stdin >/dev/null ||
	die "samsyn user passwd bench failed"
db_bytes=$(stat -c %s "$db")
say "database ${cache#"$root"/} ($gen_note, $((db_bytes / 1000000)) MB), copied to $db"

# ---- 2. server, login ----

start_server "$bin" "$db" "$threads" "$tmp/serve.log"
say "samsyn at $url, --threads $threads"
login "$url" bench "$password"


# ---- 3. (i) and (ii): the participants report against sqlite3 ----

report_url="$url/api/v1/reports/participants?by=municipality&from=$from&to=$to"
# The aggregate as one statement: unique participants with an enrolment
# overlapping the period (registration errors left out), by municipality,
# with women and men. INDEXED BY: since migration 0012's
# participants_municipality the shell's planner reads the participants in
# municipality order to skip the GROUP BY's sort, and then probes the
# enrolments in random order (5.6 s against 0.8 s on 2026-12-02); the
# statement is written as one would write it for speed.
{
	echo '.timer on'
	participants_report_sql "$from" "$to" 'INDEXED BY participants_report'
} >"$tmp/report.sql"
# Prints the statement's seconds; its rows go to $tmp/sqlite-rows.txt.
sqlite_once() {
	sqlite3 "$db" <"$tmp/report.sql" >"$tmp/sqlite.out" 2>&1 || die "sqlite3 failed: $(cat "$tmp/sqlite.out")"
	grep -v '^Run Time:' "$tmp/sqlite.out" >"$tmp/sqlite-rows.txt"
	awk '/^Run Time:/ { print $4 }' "$tmp/sqlite.out"
}
server_once() { # prints seconds, the body goes to $tmp/report.json
	local out code secs
	out=$(curl -s -o "$tmp/report.json" -w '%{http_code} %{time_total}' -H "$cookie" "$report_url")
	code=${out% *}
	secs=${out#* }
	[[ $code == 200 ]] || return 1
	echo "$secs"
}

report_ok=0
t_sqlite=
sqlite_rows='not measured (SAMSYN_BENCH_PARTS)'
if want report; then
sqlite_once >/dev/null # warm-up: the file into the page cache
sqlite_rows=$(awk -F'|' '{ t += $2; w += $3; m += $4 } END { printf "%d unique participants (%d women, %d men) in %d municipalities", t, w, m, NR }' "$tmp/sqlite-rows.txt")
report_ok=1
code=$(curl -s -o "$tmp/report.json" -w '%{http_code}' -H "$cookie" "$report_url")
if [[ $code == 404 ]] && ! grep -q '"rows"' "$tmp/report.json"; then
	report_ok=0
	fail_part "(i) GET /api/v1/reports/participants answered 404: the report endpoint is not there yet (issue 3, reports); (ii) is timed alone"
elif [[ $code != 200 ]]; then
	report_ok=0
	fail_part "(i) GET /api/v1/reports/participants answered $code: $(head -c 300 "$tmp/report.json")"
else
	# The server's rows as "code|total|women|men", as sqlite3 prints them.
	if ! report_rows "$tmp/report.json" >"$tmp/server-rows.txt" 2>/dev/null; then
		report_ok=0
		fail_part "(i) the report is not the JSON docs/followup.md describes: $(head -c 300 "$tmp/report.json")"
	elif ! LC_ALL=C sort "$tmp/sqlite-rows.txt" | cmp -s - "$tmp/server-rows.txt"; then
		report_ok=0
		fail_part "(i) the server's report and sqlite3's disagree: $(diff <(LC_ALL=C sort "$tmp/sqlite-rows.txt") "$tmp/server-rows.txt" | head -20 | tr '\n' ' ')"
	fi
fi
say "timing the report, $runs runs$( ((report_ok)) && echo " each side, interleaved")"
: >"$tmp/t-server"
: >"$tmp/t-sqlite"
for ((i = 0; i < runs; i++)); do
	if ((report_ok)); then
		server_once >>"$tmp/t-server" || {
			report_ok=0
			fail_part "(i) the report failed on run $((i + 1))"
		}
	fi
	sqlite_once >>"$tmp/t-sqlite"
done
t_sqlite=$(median <"$tmp/t-sqlite")
t_server=
ratio=
if ((report_ok)); then
	t_server=$(median <"$tmp/t-server")
	ratio=$(awk -v a="$t_server" -v b="$t_sqlite" 'BEGIN { printf "%.2f", a / b }')
fi

fi

# ---- 4. (iii) the participant list, and (iv) the same without its audit ----

list_ok=0
noaudit_ok=0
: >"$tmp/rounds"
if want list; then

# The diagnostic build: the list without the audit of its reads, to see
# what that audit costs. A separate build directory, a compile-time flag.
if [[ -z $noaudit_bin ]]; then
	nb=$root/build/bench-no-list-audit
	say "building the diagnostic binary without list audit in ${nb#"$root"/}"
	if cmake -S "$root" -B "$nb" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS=-DSAMSYN_BENCH_NO_LIST_AUDIT \
		>"$tmp/noaudit-build.log" 2>&1 &&
		cmake --build "$nb" --target samsyn -j"$(nproc)" >>"$tmp/noaudit-build.log" 2>&1; then
		noaudit_bin=$nb/samsyn
	else
		fail_part "(iv) the diagnostic build failed: $(tail -5 "$tmp/noaudit-build.log" | tr '\n' ' ')"
	fi
fi
# The list's audit events per request, from the read log's growth in a run.
audit_rows() { sqlite3 "$db-reads" "SELECT COUNT(*) FROM audit_reads; SELECT COUNT(*) FROM audit_read_subjects;" 2>/dev/null | paste -sd' ' || echo "? ?"; }
for ((round = 1; round <= list_rounds; round++)); do
	list_url="$url/api/v1/participants?limit=50"
	read -r ev0 sub0 < <(audit_rows)
	if wrk_page "p$round" "(iii) participant list" "$list_url"; then
		list_ok=1
		list_bytes=$page_bytes
		read -r ev1 sub1 < <(audit_rows)
		reqs=$(awk '/requests in/ { print $1 }' "$tmp/wrk-p$round.txt")
		printf 'audited %s %s %s %s %s\n' "$(rps "p$round")" "$(p99 "p$round")" "$reqs" \
			"$((ev1 - ev0))" "$((sub1 - sub0))" >>"$tmp/rounds"
	fi
	[[ -n $noaudit_bin ]] || continue
	stop "$server_pid"
	start_server "$noaudit_bin" "$db" "$threads" "$tmp/serve-noaudit.log"
	if wrk_page "n$round" "(iv) participant list without its audit" "$url/api/v1/participants?limit=50"; then
		noaudit_ok=1
		printf 'unaudited %s %s\n' "$(rps "n$round")" "$(p99 "n$round")" >>"$tmp/rounds"
	fi
	stop "$server_pid"
	start_server "$bin" "$db" "$threads" "$tmp/serve.log"
done
fi
# Means over the rounds.
mean_of() { awk -v k="$1" -v f="$2" '$1 == k { s += $f; n++ } END { if (n) printf "%.1f", s / n }' "$tmp/rounds"; }
list_rps=$(mean_of audited 2)
list_p99=$(mean_of audited 3)
noaudit_rps=$(mean_of unaudited 2)
noaudit_p99=$(mean_of unaudited 3)
list_ratio=
if ((list_ok && noaudit_ok)); then
	list_ratio=$(awk -v a="$list_rps" -v b="$noaudit_rps" 'BEGIN { printf "%.2f", a / b }')
fi

# ---- 5. (v) the start page of a case worker and of kansli ----

# start_page NAME USERNAME: the start page as that user, one request at a
# time (seconds in $tmp/t-start-NAME), then wrk at 16 connections
# (run_wrk start-NAME). Sets start_counts_NAME; fails the part otherwise.
start_page() {
	local name=$1 user=$2 out i
	login "$url" "$user" "$password"
	out=$(curl -s -o "$tmp/start-$name.json" -w '%{http_code}' -H "$cookie" "$url/api/v1/start")
	if [[ $out != 200 ]]; then
		fail_part "(v) GET /api/v1/start as $user answered $out: $(head -c 300 "$tmp/start-$name.json")"
		return 1
	fi
	printf -v "start_counts_$name" '%s' "$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		console.log(r.role + ": " + r.items.map((i) => i.kind + " " + i.count).join(", "))' "$tmp/start-$name.json")"
	say "start page of $user, $start_runs requests one at a time"
	: >"$tmp/t-start-$name"
	for ((i = 0; i < start_runs; i++)); do
		out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "$cookie" "$url/api/v1/start")
		if [[ ${out% *} != 200 ]]; then
			fail_part "(v) GET /api/v1/start as $user answered ${out% *} on request $((i + 1))"
			return 1
		fi
		echo "${out#* }" >>"$tmp/t-start-$name"
	done
	printf -v "start_load_$name" '%s' "$(cut -d' ' -f1-3 /proc/loadavg)"
	# The same page right after a change: an audited write by the bench's
	# administrator (a consent of a participant) before each request, so
	# that the kept figures must be counted again (figure_cache.h).
	local user_cookie=$cookie admin_cookie csrf pid
	login "$url" bench "$password"
	admin_cookie=$cookie
	cookie=$user_cookie
	csrf=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).csrf_token)' "$tmp/login.json")
	pid=$(sqlite3 "$db" "SELECT id FROM participants WHERE anonymous = 0 LIMIT 1")
	say "start page of $user after a change, $start_changed_runs times"
	: >"$tmp/t-start-changed-$name"
	for ((i = 0; i < start_changed_runs; i++)); do
		out=$(curl -s -o "$tmp/change.json" -w '%{http_code}' -H "$admin_cookie" -H "X-CSRF-Token: $csrf" \
			-H 'Content-Type: application/json' --data-binary "{\"status\":\"given\",\"date\":\"$consent_date\"}" \
			"$url/api/v1/participants/$pid/consents")
		if [[ $out != 201 ]]; then
			fail_part "(v) the change before the start page of $user answered $out: $(head -c 300 "$tmp/change.json")"
			return 1
		fi
		out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "$cookie" "$url/api/v1/start")
		if [[ ${out% *} != 200 ]]; then
			fail_part "(v) GET /api/v1/start as $user after a change answered ${out% *}"
			return 1
		fi
		echo "${out#* }" >>"$tmp/t-start-changed-$name"
	done
	# A start page at a million participants can take seconds on a busy
	# machine: wrk's default timeout (2 s) would count those as errors.
	connections=16 run_wrk "start-$name" --timeout 30s -H "$cookie" "$url/api/v1/start"
}
start_case_ok=0
start_kansli_ok=0
if want start; then
	# Users with a known password on the copy: a case worker of the
	# organisation that owns or partners the most interventions, and a
	# kansli of the förbund's own organisation.
	busiest=$(sqlite3 "$db" "SELECT org_id FROM (SELECT owner_org_id AS org_id FROM interventions UNION ALL
		SELECT org_id FROM intervention_partners) GROUP BY org_id ORDER BY COUNT(*) DESC, org_id LIMIT 1")
	forbund=$(sqlite3 "$db" "SELECT id FROM orgs WHERE kind = 'forbund' ORDER BY id LIMIT 1")
	busiest_name=$(sqlite3 "$db" "SELECT name FROM orgs WHERE id = $busiest")
	for u in "bench.handl $busiest case_worker" "bench.kansli $forbund kansli"; do
		read -r uname uorg urole <<<"$u"
		if ! sqlite3 "$db" "SELECT 1 FROM users WHERE username = '$uname'" | grep -q 1; then
			printf '%s\n' "$password" | "$bin" user add --db "$db" --username "$uname" --name "Bänk $urole" \
				--org-id "$uorg" --role "$urole" --password-stdin >/dev/null || die "samsyn user add $uname failed"
		fi
	done
	start_page case bench.handl && start_case_ok=1
	start_page kansli bench.kansli && start_kansli_ok=1
fi

# ---- 5b. (vi) the secondary reports against sqlite3 ----

# Each report of bench/reports/NAME.sql (its aggregate as one statement, the
# report's own named parameters set by the shell's .parameter) is asked of
# the server and run by the sqlite3 shell on the same file, interleaved,
# SAMSYN_BENCH_REPORT_RUNS times each; the two must print the same lines
# (bench/report_lines.mjs). The goals report keeps its figures while
# nothing they count changes (figure_cache.h), so an audited change (a
# consent, as in (v)) comes before each of its requests: what is measured
# is the counting.
secondary=(
	"participants-intervention|participants?by=intervention&from=$from&to=$to"
	"participants-outcome|participants?by=outcome&from=$from&to=$to"
	"occupation|occupation?from=$from&to=$to"
	"work-or-studies|work-or-studies?from=$from&to=$to"
	"income-transitions|income-transitions?from=$from&to=$to"
	"interventions|interventions?year=$((year - 1))"
	"costs|costs?year=$((year - 1))"
	"goals|goals?year=$((year - 1))"
)
: >"$tmp/secondary"
if want reports; then
	login "$url" bench "$password"
	csrf=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).csrf_token)' "$tmp/login.json")
	change_pid=$(sqlite3 "$db" "SELECT id FROM participants WHERE anonymous = 0 LIMIT 1")
	audited_change() {
		curl -s -o /dev/null -w '%{http_code}' -H "$cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
			--data-binary "{\"status\":\"given\",\"date\":\"$consent_date\"}" "$url/api/v1/participants/$change_pid/consents"
	}
	for entry in "${secondary[@]}"; do
		name=${entry%%|*}
		path=${entry#*|}
		{
			printf '.parameter set :from "%s"\n.parameter set :to "%s"\n.parameter set :year %s\n.timer on\n' \
				"'$from'" "'$to'" "$((year - 1))"
			cat "$root/bench/reports/$name.sql"
		} >"$tmp/$name.sql"
		say "(vi) $name: $report_runs runs each side, interleaved"
		ok=1 ts=() tq=()
		for ((i = 0; i < report_runs; i++)); do
			if [[ $name == goals ]] && [[ $(audited_change) != 201 ]]; then
				fail_part "(vi) the change before the goals report failed"
				ok=0
				break
			fi
			out=$(curl -s -o "$tmp/$name.json" -w '%{http_code} %{time_total}' -H "$cookie" "$url/api/v1/reports/$path")
			if [[ ${out% *} != 200 ]]; then
				fail_part "(vi) GET /api/v1/reports/$path answered ${out% *}: $(head -c 300 "$tmp/$name.json")"
				ok=0
				break
			fi
			ts+=("${out#* }")
			sqlite3 "$db" <"$tmp/$name.sql" >"$tmp/$name.out" 2>&1 || die "sqlite3 failed on $name: $(tail -3 "$tmp/$name.out")"
			tq+=("$(awk '/^Run Time:/ { print $4 }' "$tmp/$name.out")")
		done
		((ok)) || continue
		grep -v '^Run Time:' "$tmp/$name.out" | LC_ALL=C sort >"$tmp/$name.sqlite-lines"
		node "$root/bench/report_lines.mjs" "$tmp/$name.json" | LC_ALL=C sort >"$tmp/$name.server-lines"
		if ! cmp -s "$tmp/$name.sqlite-lines" "$tmp/$name.server-lines"; then
			fail_part "(vi) $name: the server's report and sqlite3's disagree: $(diff "$tmp/$name.sqlite-lines" "$tmp/$name.server-lines" | head -8 | tr '\n' ' ')"
			continue
		fi
		t_s=$(printf '%s\n' "${ts[@]}" | median)
		t_q=$(printf '%s\n' "${tq[@]}" | median)
		printf '%s %s %s %s %s|%s\n' "$name" "$t_s" "$t_q" "$(wc -l <"$tmp/$name.server-lines")" "${ts[*]}" "${tq[*]}" >>"$tmp/secondary"
	done
	secondary_load=$(cut -d' ' -f1-3 /proc/loadavg)
fi

# ---- 6. report ----

load_after=$(cut -d' ' -f1 /proc/loadavg)
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
report=$(
	printf 'Samsyn follow-up benchmark (issue 3), %s\n' "$stamp"
	printf 'machine: %s\n' "$(machine)"
	printf 'samsyn: %s, serve --quiet --threads %s; %s\n' "$("$bin" version | cut -d' ' -f2)" "$threads" "$(sqlite3 --version | awk '{ print "sqlite3 " $1 }')"
	printf 'database: %s participants, %s enrolments (samsyn gen %s, seed %s, today %s), %s MB, %s\n' \
		"$participants" "$enrolments" "$gen_version" "$seed" "$data_today" "$((db_bytes / 1000000))" "$gen_note"
	sed -n 's/^/  /; 2,$p' "$cache_dir/$key.txt"
	printf 'load average (1 min) before: %s, after: %s%s\n\n' "$load_before" "$load_after" \
		"$(awk -v l="$load_before" 'BEGIN { if (l > 0.5) print " (busy: other work, or a run just before; compare figures with care)" }')"
	if want report; then
	printf 'participants by municipality, %s to %s: %s\n' "$from" "$to" "$sqlite_rows"
	printf '  %-58s %s\n' "" "median of $runs (ms)"
	if ((report_ok)); then
		printf '  %-58s %10s\n' '(i)  samsyn GET /api/v1/reports/participants?by=municipality' "$(ms "$t_server")"
	else
		printf '  %-58s %10s\n' '(i)  samsyn GET /api/v1/reports/participants?by=municipality' 'not measured'
	fi
	printf '  %-58s %10s\n' '(ii) sqlite3 CLI, one SQL statement, same file' "$(ms "$t_sqlite")"
	if ((report_ok)); then
		printf '\n  (i)/(ii) = %s    (goal <= 1.2: %s)\n' "$ratio" "$(awk -v r="$ratio" 'BEGIN { print (r <= 1.2 ? "met" : "NOT met") }')"
		printf '  runs (s): samsyn %s; sqlite3 %s\n' "$(tr '\n' ' ' <"$tmp/t-server")" "$(tr '\n' ' ' <"$tmp/t-sqlite")"
	else
		printf '  runs (s): sqlite3 %s\n' "$(tr '\n' ' ' <"$tmp/t-sqlite")"
	fi
	fi
	if want list; then
	printf '\nparticipant list, wrk %s connections, %s threads, %s s, %s rounds alternated (mean):\n' \
		"$connections" "$wrk_threads" "$seconds" "$list_rounds"
	printf '  %-58s %12s %10s\n' test requests/s 'p99 ms'
	if ((list_ok)); then
		printf '  %-58s %12s %10s\n' "(iii) samsyn GET /api/v1/participants?limit=50 (admin)" "$list_rps" "$list_p99"
	else
		printf '  %-58s %12s\n' "(iii) samsyn GET /api/v1/participants?limit=50 (admin)" 'not measured'
	fi
	if ((noaudit_ok)); then
		printf '  %-58s %12s %10s\n' "(iv)  the same, diagnostic build without the list's audit" "$noaudit_rps" "$noaudit_p99"
	else
		printf '  %-58s %12s\n' "(iv)  the same, diagnostic build without the list's audit" 'not measured'
	fi
	if [[ -n $list_ratio ]]; then
		printf '\n  (iii)/(iv) = %s    (goal >= 0.8: %s)\n' "$list_ratio" \
			"$(awk -v r="$list_ratio" 'BEGIN { print (r >= 0.8 ? "met" : "NOT met") }')"
	fi
	if ((list_ok)); then
		printf '  body: %s bytes\n' "$list_bytes"
		awk '$1 == "audited" { printf "  (iii) round %d: %s requests/s, p99 %s ms; %s requests wrote %s read events and %s audit_read_subjects rows\n", ++n, $2, $3, $4, $5, $6 }
			$1 == "unaudited" { printf "  (iv)  round %d: %s requests/s, p99 %s ms\n", ++m, $2, $3 }' "$tmp/rounds"
	fi
	fi
	if want start; then
		printf '\nstart page GET /api/v1/start, %s requests one at a time, then wrk 16 connections, %s threads, %s s:\n' \
			"$start_runs" "$wrk_threads" "$seconds"
		printf '  %-44s %10s %10s %12s %10s  %s\n' test 'median ms' 'p99 ms' requests/s 'wrk p99' 'load average (1, 5, 15 min)'
		for n in case kansli; do
			ok_var=start_${n}_ok
			label=$([[ $n == case ]] && echo "(v) case worker, $busiest_name" || echo "(v) kansli of the förbund")
			if ((${!ok_var})); then
				load_var=start_load_$n
				printf '  %-44s %10s %10s %12s %10s  %s\n' "$label" \
					"$(ms "$(median <"$tmp/t-start-$n")")" "$(ms "$(percentile 99 <"$tmp/t-start-$n")")" \
					"$(rps "start-$n")" "$(p99 "start-$n")" "${!load_var}"
				printf '  %-44s %10s %10s\n' "  the same after each change ($start_changed_runs)" \
					"$(ms "$(median <"$tmp/t-start-changed-$n")")" "$(ms "$(percentile 99 <"$tmp/t-start-changed-$n")")"
			else
				printf '  %-44s %10s\n' "$label" 'not measured'
			fi
		done
		for n in case kansli; do
			counts_var=start_counts_$n
			[[ -n ${!counts_var:-} ]] && printf '  %s\n' "${!counts_var}"
		done
		printf '  goal: p99 of one request at a time < 300 ms (the figures are kept while nothing they count\n'
		printf '  changes; "after each change" is the page counted again, the cost a change brings)\n'
	fi
	if want reports; then
		printf '\nsecondary reports, %s to %s (the year %s), median of %s runs each side, interleaved:\n' "$from" "$to" "$((year - 1))" "$report_runs"
		printf '  %-28s %12s %12s %8s %8s\n' report 'samsyn ms' 'sqlite3 ms' ratio lines
		while read -r name t_s t_q lines _; do
			printf '  %-28s %12s %12s %8s %8s\n' "$name" "$(ms "$t_s")" "$(ms "$t_q")" \
				"$(awk -v a="$t_s" -v b="$t_q" 'BEGIN { printf "%.2f", a / b }')" "$lines"
		done <"$tmp/secondary"
		printf '  goal: each ratio <= 1.2 (%s); the answers agree line by line (bench/report_lines.mjs);\n' \
			"$(awk '{ if ($2 / $3 > 1.2) bad++ } END { print (NR && !bad ? "met" : "NOT met") }' "$tmp/secondary")"
		printf '  the SQL: bench/reports/*.sql; load average when done: %s\n' "${secondary_load:-?}"
	fi
	if ((${#failures[@]})); then
		printf '\nnot measured or wrong:\n'
		printf '  - %s\n' "${failures[@]}"
	fi
)
echo "$report"
mkdir -p "$root/bench/out"
out=$root/bench/out/sus-$(date -u +%Y%m%d-%H%M%S).txt
{
	echo "$report"
	printf '\n---- the SQL of (ii) ----\n'
	grep -v '^\.timer' "$tmp/report.sql"
	printf '\n---- sqlite3 rows ----\n'
	cat "$tmp/sqlite-rows.txt" 2>/dev/null || true
	for f in "$tmp"/wrk-p*.txt "$tmp"/wrk-n*.txt "$tmp"/wrk-start-*.txt; do
		[[ -f $f ]] || continue
		printf '\n---- wrk %s ----\n' "$(basename "$f" .txt)"
		cat "$f"
	done
} >"$out"
cp "$out" "$root/bench/out/latest-sus.txt"
say "written to ${out#"$root"/} (and bench/out/latest-sus.txt)"
((${#failures[@]} == 0)) || exit 1
