#!/usr/bin/env bash
# matching.sh — the matching benchmark of issue 14 (docs/performance.md,
# "Matching"), on loopback only. Takes the cached database of `samsyn gen`
# with 1 000 000 participants (bench/lib.sh gen_database, shared with
# sus.sh), copies it to a temp dir and adds, with SQL in the sqlite3 shell
# (bench/matching-data.sql): homes spread over the 290 kommuner, 200 000
# work profiles with a consent to share with employers, 20 000 employers
# and 100 000 open places. No ANALYZE: the server never runs one, so the
# planner works without statistics, as on a user's database. Then, as the
# admin "bench", with the default weights:
#   (i)   GET /api/v1/opportunities/{id}/candidates?limit=20 for
#         SAMSYN_BENCH_MATCH_REQUESTS different open places, one request
#         at a time (curl), median and p99;
#   (ii)  GET /api/v1/participants/{id}/matches?limit=20 for as many
#         different profiled participants, the same;
#   (iii) the same rankings in the sqlite3 shell on the same file, for
#         the same ids, one shell session each (its .timer; the statements
#         are `samsyn matching-sql candidates|candidates-far|matches`, the
#         text the server runs, with its parameters set as the server binds
#         them and the connection's mmap_size). The matches are one
#         statement; the candidates are ranked tier by tier (match.c): the
#         shell runs every tier of a place, and the floor is the sum of
#         those the server runs, read in its order with its stopping rule
#         (candidates_floor); the server's ids and scores must equal the
#         shell's; the ratio of the medians (goal <= 1.2);
#   (iv)  wrk requests/s of (i) and (ii) at 16 connections, cycling
#         through the same ids.
# The report goes to bench/out/matching-DATE.txt and
# bench/out/latest-matching.txt; a part that fails is listed there and the
# script exits 1.
#   bench/matching.sh [BINARY]     default build/release/samsyn
# Environment: SAMSYN_BENCH_PARTICIPANTS (1000000), SAMSYN_BENCH_PROFILES
# (200000), SAMSYN_BENCH_PLACES (100000), SAMSYN_BENCH_EMPLOYERS (20000),
# SAMSYN_BENCH_MATCH_REQUESTS (200), SAMSYN_BENCH_SECONDS (15, each wrk
# run), SAMSYN_BENCH_THREADS (default: serve's own), SAMSYN_BENCH_CACHE.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=$(bench_binary "${1:-}")
participants=${SAMSYN_BENCH_PARTICIPANTS:-1000000}
enrolments=$((participants * 3)) # as sus.sh: the same cached database
seed=1
profiles=${SAMSYN_BENCH_PROFILES:-200000}
places=${SAMSYN_BENCH_PLACES:-100000}
employers=${SAMSYN_BENCH_EMPLOYERS:-20000}
requests=${SAMSYN_BENCH_MATCH_REQUESTS:-200}
seconds=${SAMSYN_BENCH_SECONDS:-15}
threads=${SAMSYN_BENCH_THREADS:-default}
cache_dir=${SAMSYN_BENCH_CACHE:-$root/build/bench-cache}
connections=16
wrk_threads=2
password='x7-load-and-search-42'
year=$(date -u +%Y)
data_today=$year-01-01
need_tools sqlite3 wrk curl node awk
today=$(swedish_today)

bench_setup samsyn-bench-matching wrk_pid gen_pid server_pid
load_before=$(cut -d' ' -f1 /proc/loadavg)
started=$(date +%s)

# ---- 1. the database: gen's, then the matching data ----

gen_database "$bin"
db=$tmp/matching.db
cp --reflink=auto "$cache" "$db"
printf '%s\n' "$password" | "$bin" user passwd --db "$db" --username bench --password-stdin >/dev/null ||
	die "samsyn user passwd bench failed"
user_id=$(sqlite3 "$db" "SELECT id FROM users WHERE username = 'bench'")
org_id=$(sqlite3 "$db" "SELECT org_id FROM users WHERE username = 'bench'")
say "adding $profiles work profiles, $employers employers and $places open places (about a minute)"
{
	printf '.bail on\n'
	printf '.parameter set :today "%s"\n' "'$today'"
	printf '.parameter set :%s %s\n' profiles "$profiles" places "$places" employers "$employers" user "$user_id" org "$org_id"
	printf 'CREATE TEMP TABLE raw_ssyk (level, code, title, parent);\n'
	printf 'CREATE TEMP TABLE raw_kommun (kod, namn, lan_kod, lan_namn);\n'
	printf 'CREATE TEMP TABLE raw_nb (kod_a, kod_b);\n'
	printf '.import --csv --skip 1 --schema temp %s raw_ssyk\n' "$root/src/se/data/ssyk2012.csv"
	printf '.import --csv --skip 1 --schema temp %s raw_kommun\n' "$root/src/se/data/kommuner.csv"
	printf '.import --csv --skip 1 --schema temp %s raw_nb\n' "$root/src/se/data/kommun_neighbours.csv"
	printf 'BEGIN;\n.read %s\nCOMMIT;\nPRAGMA wal_checkpoint(TRUNCATE);\n' "$root/bench/matching-data.sql"
} >"$tmp/fill.sql"
t0=$(date +%s)
sqlite3 "$db" <"$tmp/fill.sql" >"$tmp/fill.out" 2>&1 || die "the matching data failed: $(tail -5 "$tmp/fill.out")"
fill_seconds=$(($(date +%s) - t0))
data_line=$(sqlite3 -separator ' ' "$db" "SELECT (SELECT COUNT(*) FROM work_profiles), (SELECT COUNT(*) FROM work_profile_occupations),
	(SELECT COUNT(*) FROM work_profile_municipalities), (SELECT COUNT(*) FROM opportunities WHERE status = 'open'),
	(SELECT COUNT(DISTINCT municipality_code) FROM participants)")
db_bytes=$(stat -c %s "$db")

# ---- 2. the ids and the parameters the server binds for them ----

# The weights a user gets (settings, the defaults of migration 0022).
read -r w_occ w_mun w_kind w_period < <(sqlite3 -separator ' ' "$db" "SELECT
	(SELECT value FROM settings WHERE key = 'matching_weight_occupation'), (SELECT value FROM settings WHERE key = 'matching_weight_municipality'),
	(SELECT value FROM settings WHERE key = 'matching_weight_kind'), (SELECT value FROM settings WHERE key = 'matching_weight_period')")
horizon=$(date -u -d "$today + 90 days" +%F)
# ",a,b," of the kommuner bordering any of the codes given (the server's
# kommun_neighbour_codes over the same CSV).
neighbours() {
	awk -F, -v codes=" $* " 'NR > 1 {
		if (index(codes, " " $1 " ")) n[$2] = 1
		if (index(codes, " " $2 " ")) n[$1] = 1 }
		END { s = ","; for (c in n) s = s c ","; print s }' "$root/src/se/data/kommun_neighbours.csv"
}
# Different places and participants, spread over the ids (a multiplicative
# hash orders them).
sqlite3 -separator ' ' "$db" "SELECT id, ssyk_code, municipality_code, CASE kind WHEN 'job_track' THEN 'employment' ELSE kind END,
	req_driving_licence, req_upper_secondary,
	CASE req_swedish_level WHEN 'none' THEN 1 WHEN 'basic' THEN 2 WHEN 'good' THEN 3 WHEN 'fluent' THEN 4 ELSE 0 END,
	(end_date IS NULL OR end_date >= '$today') AND (start_date IS NULL OR start_date <= '$horizon'),
	COALESCE(replace(req_certificate, ' ', '_'), '-')
	FROM opportunities WHERE status = 'open' ORDER BY (id * 2654435761) % 4294967296 LIMIT $requests" >"$tmp/places"
sqlite3 -separator ' ' "$db" "SELECT w.participant_id, p.municipality_code, w.driving_licence, w.upper_secondary,
	CASE w.swedish_level WHEN 'none' THEN 1 WHEN 'basic' THEN 2 WHEN 'good' THEN 3 WHEN 'fluent' THEN 4 ELSE 0 END,
	(SELECT group_concat(municipality_code, ' ') FROM work_profile_municipalities m WHERE m.participant_id = w.participant_id)
	FROM work_profiles w JOIN participants p ON p.id = w.participant_id
	ORDER BY (w.participant_id * 2654435761) % 4294967296 LIMIT $requests" >"$tmp/people"
common_params() {
	printf '.parameter set :w_occ %s\n.parameter set :w_mun %s\n.parameter set :w_kind %s\n.parameter set :w_period %s\n' \
		"$w_occ" "$w_mun" "$w_kind" "$w_period"
	printf '.parameter set :limit 20\n'
}
near_sql=$("$bin" matching-sql candidates)
far_sql=$("$bin" matching-sql candidates-far)
# candidate_tiers PERIOD_MET: "hard mun occ kind bound" of each tier of
# the candidates, best bound first within hard_met (as rank_candidates
# orders them: a stable sort of the same list).
candidate_tiers() {
	local hard mun occ kind
	for hard in 1 0; do
		for mun in 3 2 1 0; do
			for ((occ = mun ? 1 : 4; occ <= 4; occ++)); do
				for ((kind = mun ? 1 : 0; kind <= 1; kind++)); do
					echo "$hard $mun $occ $kind $((w_occ * occ / 4 + w_mun * mun / 3 + w_kind * kind + w_period * $1))"
				done
			done
		done
	done | sort -s -k1,1nr -k5,5nr
}
# One shell session per direction: the connection's settings as the
# server's (src/store/store_sqlite.c), then per id its parameters and the
# statement; .timer prints each statement's time.
{
	printf 'PRAGMA mmap_size=2147418112;\nPRAGMA temp_store=MEMORY;\n.timer on\n'
	common_params
	printf '.parameter set :all 1\n.parameter set :org 0\n.parameter set :employer_side 0\n'
	while read -r id ssyk mun kind dl us sw period cert; do
		printf '.print #%s\n' "$id"
		# The reach: :m0 the place's municipality, :m1 … its neighbours, the rest NULL.
		reach=("$mun" $(neighbours "$mun" | tr ',' ' '))
		for ((m = 0; m < 16; m++)); do
			if ((m < ${#reach[@]})); then printf '.parameter set :m%d "%s"\n' "$m" "'${reach[m]}'"; else printf '.parameter set :m%d NULL\n' "$m"; fi
		done
		printf '.parameter set :ssyk "%s"\n.parameter set :want_kind "%s"\n' "'$ssyk'" "'$kind'"
		if [[ $cert == - ]]; then printf '.parameter set :req_cert NULL\n'; else printf '.parameter set :req_cert "%s"\n' "'${cert//_/ }'"; fi
		printf '.parameter set :req_dl %s\n.parameter set :req_us %s\n.parameter set :req_sw %s\n.parameter set :period_met %s\n' \
			"$dl" "$us" "$sw" "$period"
		# The tiers in the server's order (src/domain/matching/match.c,
		# rank_candidates): the shell runs every one, and the report counts
		# those the server runs (candidates_floor below).
		while read -r hard tmun occ tkind bound; do
			printf '.print @ %s %s\n.parameter set :hard %s\n' "$hard" "$bound" "$hard"
			if ((tmun)); then
				printf '.parameter set :tier %s\n.parameter set :occ %s\n' "$tmun" "$occ"
				printf '%s\n' "$near_sql"
			else
				printf '.parameter set :kind %s\n' "$tkind"
				printf '%s\n' "$far_sql"
			fi
		done < <(candidate_tiers "$period")
	done <"$tmp/places"
} >"$tmp/candidates.sql"
{
	printf 'PRAGMA mmap_size=2147418112;\nPRAGMA temp_store=MEMORY;\n.timer on\n'
	common_params
	printf '.parameter set :today "%s"\n.parameter set :horizon "%s"\n' "'$today'" "'$horizon'"
	while read -r id home dl us sw listed; do
		printf '.print #%s\n' "$id"
		# shellcheck disable=SC2086 # the listed codes are words
		near=$(neighbours "$home" $listed)
		printf '.parameter set :pid %s\n.parameter set :home "%s"\n.parameter set :neighbours "%s"\n' "$id" "'$home'" "'$near'"
		printf '.parameter set :reach "%s"\n' "',$home${listed:+,${listed// /,}}$near'"
		printf '.parameter set :dl %s\n.parameter set :us %s\n.parameter set :sw %s\n' "$dl" "$us" "$sw"
		"$bin" matching-sql matches
	done <"$tmp/people"
} >"$tmp/matches.sql"

# ---- 3. server, login ----

start_server "$bin" "$db" "$threads" "$tmp/serve.log"
say "samsyn at $url (threads ${server_threads:-?})"
login "$url" bench "$password"


# time_server NAME PATH-FORMAT IDS-FILE: one request at a time for each id
# (the first word of each line); seconds in $tmp/t-NAME, "#id" and "id
# score" lines of the answers in $tmp/NAME.server.
time_server() {
	local name=$1 fmt=$2 ids=$3 id out path
	: >"$tmp/t-$name"
	: >"$tmp/$name.server"
	while read -r id _; do
		# shellcheck disable=SC2059 # the format is ours
		path=$(printf "$fmt" "$id")
		out=$(curl -s -o "$tmp/answer.json" -w '%{http_code} %{time_total}' -H "$cookie" "$url$path")
		if [[ ${out% *} != 200 ]]; then
			fail_part "$name: GET $path answered ${out% *}: $(head -c 300 "$tmp/answer.json")"
			return 1
		fi
		echo "${out#* }" >>"$tmp/t-$name"
		printf '#%s\n' "$id" >>"$tmp/$name.server"
		node -e 'for (const i of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).items)
			console.log((i.participant_id ?? i.opportunity_id) + " " + i.score)' "$tmp/answer.json" >>"$tmp/$name.server"
	done <"$ids"
}
# time_shell NAME: runs $tmp/NAME.sql; seconds in $tmp/s-NAME, "#id" and
# "id score" lines in $tmp/NAME.shell.
time_shell() {
	local name=$1
	sqlite3 "$db" <"$tmp/$name.sql" >"$tmp/$name.out" 2>&1 || die "sqlite3 failed on $name: $(tail -3 "$tmp/$name.out")"
	if [[ $name == candidates ]]; then
		candidates_floor <"$tmp/$name.out"
		return
	fi
	awk '/^Run Time:/ { print $4 }' "$tmp/$name.out" >"$tmp/s-$name"
	# CPU (user + sys): what the statement costs whatever else the machine runs.
	awk '/^Run Time:/ { print $6 + $8 }' "$tmp/$name.out" >"$tmp/c-$name"
	awk -F'|' '/^#/ { print; next } /^Run Time:/ { next } NF == 5 { print $1 " " $5 }' "$tmp/$name.out" >"$tmp/$name.shell"
}
# candidates_floor: the shell's candidates output (every tier of every
# place) read as the server reads its tiers: in order, merging each tier's
# rows into the best 20 (hard_met DESC, score DESC, id), stopping when the
# 20th beats the next tier's bound. The time of a place is the sum of the
# tiers so read; the rows are the merged 20.
candidates_floor() {
	awk -F'|' -v limit=20 -v s="$tmp/s-candidates" -v c="$tmp/c-candidates" -v out="$tmp/candidates.shell" '
		function flush(  i) {
			if (place == "") return
			print real > s; print cpu > c; print place > out
			for (i = 1; i <= held; i++) print id[i] " " sc[i] > out
		}
		# a outranks b
		function better(ha, sa, ia, hb, sb, ib) { return ha > hb || (ha == hb && (sa > sb || (sa == sb && ia < ib))) }
		function add(ri, rh, rs,  i, j) {
			held++; id[held] = ri; hd[held] = rh; sc[held] = rs
			for (i = held; i > 1 && better(hd[i], sc[i], id[i], hd[i - 1], sc[i - 1], id[i - 1]); i--) {
				j = id[i]; id[i] = id[i - 1]; id[i - 1] = j
				j = hd[i]; hd[i] = hd[i - 1]; hd[i - 1] = j
				j = sc[i]; sc[i] = sc[i - 1]; sc[i - 1] = j
			}
			if (held > limit) held = limit
		}
		/^#/ { flush(); place = $0; held = 0; real = 0; cpu = 0; next }
		/^@ / { split($0, t, " "); n = 0
			skip = held == limit && (hd[held] > t[2] || (hd[held] == t[2] && sc[held] > t[3])); next }
		/^Run Time:/ { split($0, r, " ")
			if (!skip) { real += r[4]; cpu += r[6] + r[8]; for (i = 1; i <= n; i++) add(ri[i], rh[i], rs[i]) }
			next }
		NF == 5 { n++; ri[n] = $1; rh[n] = $4; rs[n] = $5 }
		END { flush() }'
}
results=()
cpu=()
for dir in candidates matches; do
	if [[ $dir == candidates ]]; then
		fmt='/api/v1/opportunities/%s/candidates?limit=20' ids=$tmp/places
	else
		fmt='/api/v1/participants/%s/matches?limit=20' ids=$tmp/people
	fi
	say "$dir: $requests requests one at a time, then the same in the sqlite3 shell"
	ok=1
	time_server "$dir" "$fmt" "$ids" || ok=0
	time_shell "$dir"
	if ((ok)) && ! cmp -s "$tmp/$dir.server" "$tmp/$dir.shell"; then
		fail_part "$dir: the server's ranking and the shell's differ: $(diff "$tmp/$dir.server" "$tmp/$dir.shell" | head -6 | tr '\n' ' ')"
		ok=0
	fi
	rows=$(grep -vc '^#' "$tmp/$dir.shell" || true)
	shell_med=$(median <"$tmp/s-$dir")
	shell_p99=$(percentile 99 <"$tmp/s-$dir")
	if ((ok)); then
		med=$(median <"$tmp/t-$dir")
		p99v=$(percentile 99 <"$tmp/t-$dir")
		ratio=$(awk -v a="$med" -v b="$shell_med" 'BEGIN { printf "%.2f", a / b }')
		# wrk through the same ids, one after the other per connection.
		awk -v f="$fmt" 'BEGIN { print "local paths = {" } { printf "  \"" f "\",\n", $1 }
			END { print "}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend" }' \
			"$ids" >"$tmp/$dir.lua"
		run_wrk "$dir" --timeout 30s -s "$tmp/$dir.lua" -H "$cookie" "$url"
		results+=("$dir $(ms "$med") $(ms "$p99v") $(ms "$shell_med") $(ms "$shell_p99") $ratio $(rps "$dir") $(p99 "$dir") $rows $(cut -d' ' -f1 /proc/loadavg)")
	else
		results+=("$dir - - $(ms "$shell_med") $(ms "$shell_p99") - - - $rows $(cut -d' ' -f1 /proc/loadavg)")
	fi
	cpu+=("$dir $(ms "$(median <"$tmp/c-$dir")") $(ms "$(percentile 99 <"$tmp/c-$dir")") $(ms "$(percentile 90 <"$tmp/c-$dir")")")
done

# ---- 4. report ----

stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
read -r n_prof n_occ n_mun n_open n_homes <<<"$data_line"
report=$(
	printf 'Samsyn matching benchmark (issue 14), %s\n' "$stamp"
	printf 'machine: %s\n' "$(machine)"
	printf 'samsyn: %s, serve --quiet, threads %s; %s\n' "$("$bin" version | cut -d' ' -f2)" "${server_threads:-?}" \
		"$(sqlite3 --version | awk '{ print "sqlite3 " $1 }')"
	printf 'database: %s participants (samsyn gen %s, %s, homes over %s kommuner), %s work profiles with consent\n' \
		"$participants" "$gen_version" "$gen_note" "$n_homes" "$n_prof"
	printf '  (%s wished occupations, %s listed municipalities), %s open places; %s MB; data added in %s s; no ANALYZE\n' \
		"$n_occ" "$n_mun" "$n_open" "$((db_bytes / 1000000))" "$fill_seconds"
	printf 'weights (the defaults): occupation %s, municipality %s, kind %s, period %s; limit=20; as the admin\n' \
		"$w_occ" "$w_mun" "$w_kind" "$w_period"
	printf 'load average (1 min) before: %s%s\n\n' "$load_before" \
		"$(awk -v l="$load_before" 'BEGIN { if (l > 0.5) print " (busy: other work on the machine; compare figures with care)" }')"
	printf '%s different ids each, one request at a time; wrk %s connections, %s threads, %s s over the same ids\n' \
		"$requests" "$connections" "$wrk_threads" "$seconds"
	printf '  %-11s %10s %10s %11s %11s %7s %11s %9s %6s %5s\n' '' 'median ms' 'p99 ms' 'shell med' 'shell p99' ratio \
		requests/s 'wrk p99' rows load
	for r in "${results[@]}"; do
		# shellcheck disable=SC2086 # the fields are words
		printf '  %-11s %10s %10s %11s %11s %7s %11s %9s %6s %5s\n' $r
	done
	printf '  the shell'"'"'s CPU time (user + sys) per statement, whatever the load:\n'
	for r in "${cpu[@]}"; do
		read -r d c_med c_p99 c_p90 <<<"$r"
		printf '  %-11s median %s ms, p90 %s ms, p99 %s ms\n' "$d" "$c_med" "$c_p90" "$c_p99"
	done
	printf '  goals: p99 of one request at a time < 100 ms; ratio (server median / shell median) <= 1.2\n'
	printf '  (%s); run took %s s\n' \
		"$(printf '%s\n' "${results[@]}" | awk '{ if ($3 == "-" || $3 >= 100) p = 1; if ($6 == "-" || $6 > 1.2) r = 1 }
			END { print (p ? "p99 NOT met" : "p99 met") ", " (r ? "ratio NOT met" : "ratio met") }')" "$(($(date +%s) - started))"
	if ((${#failures[@]})); then
		printf '\nnot measured or wrong:\n'
		printf '  - %s\n' "${failures[@]}"
	fi
)
echo "$report"
mkdir -p "$root/bench/out"
out=$root/bench/out/matching-$(date -u +%Y%m%d-%H%M%S).txt
{
	echo "$report"
	for d in candidates matches; do
		printf '\n---- %s: server seconds, shell seconds, shell CPU seconds (same order of ids) ----\n' "$d"
		paste -d' ' "$tmp/t-$d" "$tmp/s-$d" "$tmp/c-$d" 2>/dev/null | tr '\n' ';' || true
		printf '\n'
		[[ -f $tmp/wrk-$d.txt ]] && { printf '\n---- wrk %s ----\n' "$d"; cat "$tmp/wrk-$d.txt"; }
	done
	printf '\n---- the statements (samsyn matching-sql) ----\n'
	"$bin" matching-sql candidates
	"$bin" matching-sql candidates-far
	"$bin" matching-sql matches
} >"$out"
cp "$out" "$root/bench/out/latest-matching.txt"
say "written to ${out#"$root"/} (and bench/out/latest-matching.txt)"
((${#failures[@]} == 0)) || exit 1
