#!/usr/bin/env bash
# registrations.sh — the registration benchmark of issue 13: N public
# registrations (default 2000) posted at once over 64 connections to one
# session with 30 seats, on a fresh database served by the release binary
# on loopback. Then checks in the database that exactly 30 are registered,
# the rest waitlisted with distinct, gapless queue orders after them, and
# N distinct rows (nothing lost or doubled), and prints the time.
#   bench/registrations.sh [BINARY] [N]    default build/release/samsyn, 2000
# The server runs with --public-rate-limit raised far above N: all the
# posts come from one address, which the default (60 a minute) would stop.
# Its outbox fills with N mails (no --smtp-url: they wait there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=${1:-$root/build/release/samsyn}
count=${2:-2000}
capacity=30
connections=64
[[ -x $bin ]] || die "no $bin (make build)"
command -v sqlite3 >/dev/null || die "sqlite3 is needed to check the result"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/samsyn-bench-registrations.XXXXXX")
server_pid=
trap 'stop "$server_pid"; rm -rf "$tmp"' EXIT
db=$tmp/bench.db
token=benchmarkbenchmarkbenchmarkbench

"$bin" init --db "$db" >/dev/null
sqlite3 "$db" <<SQL
INSERT INTO interventions (id, name, kind, owner_org_id, start_date, status, measurement, created_at, updated_at)
  VALUES (1, 'Mentorskap', 'structural', 1, '2020-01-01', 'active', 'volume', 'x', 'x');
INSERT INTO courses (id, name, intervention_id, created_at, updated_at) VALUES (1, 'Mentorskap grundutbildning', 1, 'x', 'x');
INSERT INTO training_sessions (id, course_id, format, starts_at, ends_at, capacity, public_token, status, created_at, updated_at)
  VALUES (1, 1, 'in_person', '2099-03-05T08:00:00Z', '2099-03-05T15:00:00Z', $capacity, '$token', 'open', 'x', 'x');
SQL

log=$tmp/serve.log
: >"$log"
"$bin" serve --db "$db" --quiet --listen 127.0.0.1:0 --public-rate-limit $((count * 10)) >"$log" 2>&1 &
server_pid=$!
url=
for ((i = 0; i < 200; i++)); do
	url=$(sed -n 's/.*event=listening url=\([^ ]*\).*/\1/p' "$log" | head -1)
	[[ -n $url ]] && break
	kill -0 "$server_pid" 2>/dev/null || die "samsyn serve exited: $(cat "$log")"
	sleep 0.05
done
[[ -n $url ]] || die "samsyn serve printed no url= line"

line=$(node "$root/bench/registrations.mjs" "$url" "$token" "$count" "$connections")
stop "$server_pid"
server_pid=

q() { sqlite3 "$db" "$1"; }
rows=$(q "SELECT COUNT(*) FROM training_registrations WHERE session_id = 1")
people=$(q "SELECT COUNT(DISTINCT email_key) FROM training_registrations WHERE session_id = 1")
registered=$(q "SELECT COUNT(*) FROM training_registrations WHERE session_id = 1 AND status = 'registered'")
waitlisted=$(q "SELECT COUNT(*) FROM training_registrations WHERE session_id = 1 AND status = 'waitlisted'")
queue=$(q "SELECT COUNT(DISTINCT queue_order) || ' ' || MIN(queue_order) || ' ' || MAX(queue_order) FROM training_registrations WHERE session_id = 1 AND status = 'waitlisted'")
last_seat=$(q "SELECT MAX(queue_order) FROM training_registrations WHERE session_id = 1 AND status = 'registered'")
mails=$(q "SELECT COUNT(*) FROM mail_outbox")
echo "registrations: $count posted over $connections connections to $capacity seats: $line"
echo "rows $rows (distinct people $people), registered $registered, waitlisted $waitlisted (queue orders: distinct, min, max $queue), mails queued $mails"
want_wait=$((count - capacity))
[[ $rows == "$count" && $people == "$count" ]] || die "expected $count distinct rows, got $rows ($people people)"
[[ $registered == "$capacity" ]] || die "expected exactly $capacity registered, got $registered"
[[ $waitlisted == "$want_wait" ]] || die "expected $want_wait waitlisted, got $waitlisted"
[[ $queue == "$want_wait $((capacity + 1)) $count" && $last_seat == "$capacity" ]] ||
	die "the waiting list's queue orders are not $((capacity + 1))..$count without gaps: $queue (last seat $last_seat)"
[[ $mails == "$count" ]] || die "expected $count mails queued, got $mails"
echo "ok: exactly $capacity registered, $want_wait waitlisted in order, nothing lost or doubled"
