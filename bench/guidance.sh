#!/usr/bin/env bash
# guidance.sh — the SYV booking benchmark of issue 15 (docs/performance.md,
# "SYV bookings"): C clients (default 64), each with its own keep-alive
# connection and its own participant, try at once to book every one of the
# same T times (default 100) through the real server (the release binary on
# loopback, a fresh database, bearer token of an admin). Checks, from the
# clients' answers and from the database, that every time is booked exactly
# once and nothing is lost: T answers 201 in all, C*T-T answers 409, each
# client's 201s + 409s equal its attempts, T standing bookings, one per time,
# each the participant whose client got the 201, and T audit events of a
# booking. The floor: the same conditional UPDATE (and the booking's INSERT,
# in one transaction per attempt) run C*T times in the sqlite3 shell on a copy
# of the same database, one attempt after the other; the report gives the
# ratio of the server's wall time to the shell's.
# The report goes to bench/out/guidance-DATE.txt and bench/out/latest-guidance.txt.
#   bench/guidance.sh [BINARY] [CLIENTS] [TIMES]   default build/release/samsyn, 64, 100
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=${1:-$root/build/release/samsyn}
clients=${2:-64}
times=${3:-100}
[[ -x $bin ]] || die "no $bin (make build)"
for tool in sqlite3 node; do command -v "$tool" >/dev/null || die "$tool is missing (scripts/setup.sh bench)"; done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/samsyn-bench-guidance.XXXXXX")
server_pid=
trap 'stop "$server_pid"; rm -rf "$tmp"' EXIT
db=$tmp/bench.db
out_dir=$root/bench/out
mkdir -p "$out_dir"

"$bin" init --db "$db" >/dev/null
# A final password: a one-time one would answer 403 to every request of the token.
"$bin" user passwd --db "$db" --username admin --password-stdin <<<"x7-vagledning-bank-kontroll-42" >/dev/null
"$bin" user add --db "$db" --username syv --name "Sara Vägledare" --org-id 1 --role case_worker --password-stdin \
	<<<"x7-vagledning-tid-kontroll-42" >/dev/null
token=$("$bin" token create --db "$db" --username admin 2>/dev/null)
counsellor=$(sqlite3 "$db" "SELECT id FROM users WHERE username = 'syv'")
# The times (ids 1..T) on weekdays of 2099, and one anonymous participant per client (ids 1..C).
sqlite3 "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $times)
INSERT INTO guidance_times (id, counsellor_user_id, org_id, starts_at, ends_at, place, created_by_user_id, created_at, updated_at)
  SELECT i, $counsellor, 1, printf('2099-01-%02dT%02d:00:00Z', 1 + i / 10, 8 + i % 10), printf('2099-01-%02dT%02d:45:00Z', 1 + i / 10, 8 + i % 10),
         'Samlokaliseringen', 1, 'x', 'x' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $clients)
INSERT INTO participants (id, anonymous, sex, birth_year, created_by_org_id, created_at, updated_at)
  SELECT i, 1, CASE i % 2 WHEN 0 THEN 'female' ELSE 'male' END, 1990, 1, 'x', 'x' FROM n;
SQL
cp "$db" "$tmp/floor.db"

start_server "$bin" "$db" default "$tmp/serve.log"
node "$root/bench/guidance.mjs" "$url" "$token" "$clients" "$times" 1 1 >"$tmp/clients.txt"
stop "$server_pid"
server_pid=
line=$(head -1 "$tmp/clients.txt")
server_s=$(sed -n 's/^seconds=\([0-9.]*\).*/\1/p' <<<"$line")
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $line"; }

q() { sqlite3 "$db" "$1"; }
standing=$(q "SELECT COUNT(*) FROM guidance_bookings WHERE cancelled_at IS NULL")
all_rows=$(q "SELECT COUNT(*) FROM guidance_bookings")
booked_times=$(q "SELECT COUNT(*) FROM guidance_times WHERE participant_id IS NOT NULL")
distinct_times=$(q "SELECT COUNT(DISTINCT time_id) FROM guidance_bookings")
mismatch=$(q "SELECT COUNT(*) FROM guidance_times t JOIN guidance_bookings b ON b.time_id = t.id WHERE t.participant_id <> b.participant_id")
audited=$(q "SELECT COUNT(*) FROM audit_events WHERE action = 'create' AND entity = 'participant' AND detail = 'guidance_booking'")
# The winners the clients saw are the database's.
{ grep '^won ' "$tmp/clients.txt" || true; } | awk '{ print $2 "|" $3 }' | sort >"$tmp/won.txt"
q "SELECT time_id || '|' || participant_id FROM guidance_bookings" | sort >"$tmp/rows.txt"
same_winners=$(cmp -s "$tmp/won.txt" "$tmp/rows.txt" && echo yes || echo no)

# The floor: every attempt as its own transaction in the sqlite3 shell, in
# the same order of times per participant is not needed: the work per
# attempt is one UPDATE that finds or misses the free row, and the INSERT
# when it found it.
{
	echo "PRAGMA synchronous = NORMAL;"
	for ((k = 1; k <= clients; k++)); do
		for ((t = 1; t <= times; t++)); do
			echo "BEGIN IMMEDIATE; UPDATE guidance_times SET participant_id = $k, updated_at = '2026-01-01T00:00:00Z' WHERE id = $t AND participant_id IS NULL AND removed_at IS NULL; INSERT INTO guidance_bookings (time_id, participant_id, booked_by_user_id, booked_by_org_id, created_at) SELECT $t, $k, 1, 1, '2026-01-01T00:00:00Z' WHERE changes() = 1; COMMIT;"
		done
	done
} >"$tmp/floor.sql"
f0=$(date +%s.%N)
sqlite3 "$tmp/floor.db" <"$tmp/floor.sql" >/dev/null
f1=$(date +%s.%N)
floor_s=$(awk -v a="$f0" -v b="$f1" 'BEGIN { printf "%.3f", b - a }')
floor_rows=$(sqlite3 "$tmp/floor.db" "SELECT COUNT(*) FROM guidance_bookings")
ratio=$(awk -v s="$server_s" -v f="$floor_s" 'BEGIN { printf "%.1f", s / f }')
attempts=$((clients * times))

report=$out_dir/guidance-$(date -u +%Y%m%dT%H%M%SZ).txt
{
	echo "SYV bookings: $clients clients, each trying to book the same $times times at once ($attempts attempts), $(date -u +%FT%TZ)"
	echo "machine: $(nproc) cpus, $(uname -sr)"
	echo "clients: $line"
	echo "database: times booked $booked_times of $times, standing bookings $standing, rows $all_rows on $distinct_times times," \
		"time/booking mismatches $mismatch, audited bookings $audited, winners as the clients saw them: $same_winners"
	echo "time: server ${server_s} s for $attempts attempts ($(awk -v s="$server_s" -v n="$attempts" 'BEGIN { printf "%.0f", n / s }') attempts/s);" \
		"floor (the same UPDATE + INSERT per attempt in the sqlite3 shell, one at a time) ${floor_s} s ($floor_rows bookings); ratio ${ratio}"
} | tee "$report"
cp "$report" "$out_dir/latest-guidance.txt"

ok=true
check() { if ! eval "$1"; then say "FAILED: $2"; ok=false; fi; }
check '[[ $(kv 201) == "$times" ]]' "expected $times answers 201, got $(kv 201)"
check '[[ $(kv 409) == "$((attempts - times))" ]]' "expected $((attempts - times)) answers 409, got $(kv 409)"
check '[[ $(kv attempts) == "$attempts" && $(kv other) == 0 ]]' "attempts $(kv attempts), other answers $(kv other)"
check '[[ $(kv clients_balanced) == "$clients/$clients" ]]' "clients whose 201s + 409s are not their attempts: $(kv clients_balanced)"
check '[[ $booked_times == "$times" && $standing == "$times" && $all_rows == "$times" && $distinct_times == "$times" ]]' \
	"the database does not hold one booking per time"
check '[[ $mismatch == 0 && $audited == "$times" && $same_winners == yes ]]' "winners or audit events do not agree"
check '[[ $floor_rows == "$times" ]]' "the floor booked $floor_rows"
$ok || exit 1
echo "ok: every time booked exactly once, nothing lost" | tee -a "$report" "$out_dir/latest-guidance.txt" >/dev/null
echo "ok: every time booked exactly once, nothing lost"
