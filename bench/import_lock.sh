#!/usr/bin/env bash
# import_lock.sh — what a whole-country employer import costs the users of
# a running server (issue 10, item 7), on loopback only. Generates the
# extract of bench/employers.sh (`samsyn gen employers-csv`, 1 200 000 rows),
# serves a fresh database, and while a small client does one API write
# (POST /api/v1/orgs) every 100 ms, runs `samsyn import employers` from the
# command line against the same file, twice: into the empty register, then
# the same file again into the full one (1 200 000 upserts). Prints, side by
# side for each import: its wall time, how long it held the write lock (its
# own report: "databasen låst för andra skrivningar"), and what the client
# saw during it: writes, the longest latency, the 99th percentile, and every
# answer that was not 2xx by status.
# Writes the report to bench/out/import-lock-DATE.txt and
# bench/out/latest-import-lock.txt; exits 1 when a part could not be measured.
#   bench/import_lock.sh [BINARY]     default build/release/samsyn
# Environment: SAMSYN_BENCH_EMPLOYERS (1200000), SAMSYN_BENCH_SEED (1),
# SAMSYN_BENCH_WRITE_MS (100), SAMSYN_BENCH_BUSY_WAIT_MS (the server's
# --busy-wait; default: the server's own, 5000).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=$(bench_binary "${1:-}")
rows=${SAMSYN_BENCH_EMPLOYERS:-1200000}
seed=${SAMSYN_BENCH_SEED:-1}
every=${SAMSYN_BENCH_WRITE_MS:-100}
busy_wait=${SAMSYN_BENCH_BUSY_WAIT_MS:-}
password='x7-load-and-search-42' # not the username: the password check refuses that

need_tools node sqlite3

bench_setup samsyn-bench-lock client_pid server_pid

load_before=$(cut -d' ' -f1 /proc/loadavg)
csv=$tmp/employers.csv
employers_csv "$bin" "$csv"

db=$tmp/lock.db
"$bin" init --db "$db" >/dev/null 2>&1 || die "samsyn init failed"
printf '%s\n' "$password" | "$bin" user add --db "$db" --username bench --name "Bänk Märk" --org-id 1 \
	--role admin --password-stdin >/dev/null
# The server as a user has it: its own busy wait unless told otherwise.
if [[ -n $busy_wait ]]; then
	SAMSYN_BUSY_WAIT_MS=$busy_wait start_server "$bin" "$db" 4 "$tmp/serve.log"
else
	start_server "$bin" "$db" 4 "$tmp/serve.log"
fi
say "samsyn at $url"

# The client: logs in, then one write every $every ms until SIGTERM; each
# write's latency and status, one a line, in $1.
cat >"$tmp/client.mjs" <<'EOF'
import { writeFileSync, appendFileSync } from "node:fs";
const [url, password, out, every] = process.argv.slice(2);
const login = await fetch(url + "/api/v1/session", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "bench", password }),
});
if (login.status !== 200) { console.error("login", login.status); process.exit(1); }
const cookie = /samsyn_session=[^;]*/.exec(login.headers.get("set-cookie"))[0];
const csrf = (await login.json()).csrf_token;
writeFileSync(out, "");
let stop = false;
process.on("SIGTERM", () => (stop = true));
for (let i = 0; !stop; i++) {
    const t0 = performance.now();
    let status = 0;
    try {
        const r = await fetch(url + "/api/v1/orgs", {
            method: "POST",
            headers: { "Content-Type": "application/json", Cookie: cookie, "X-CSRF-Token": csrf },
            body: JSON.stringify({ name: `Under importen ${process.pid}-${i}`, kind: "other" }),
        });
        status = r.status;
        await r.arrayBuffer();
    } catch { status = 0; }
    const ms = performance.now() - t0;
    appendFileSync(out, `${(Date.now() / 1000).toFixed(3)} ${ms.toFixed(1)} ${status}\n`);
    const left = Number(every) - ms;
    if (left > 0) await new Promise((r) => setTimeout(r, left));
}
EOF

# import_under_load NAME: runs the import with the client writing; sets
# the results in imp_NAME_* (wall, locked, check) and the client's lines
# in $tmp/client-NAME.txt.
results=()
import_under_load() {
	local name=$1 out=$tmp/client-$1.txt t0 t1
	node "$tmp/client.mjs" "$url" "$password" "$out" "$every" &
	client_pid=$!
	sleep 1 # a few writes before, to see the base latency
	say "($name) samsyn import employers while the client writes every $every ms"
	t0=$(date +%s.%N)
	if ! "$bin" import employers --db "$db" "$csv" >"$tmp/import-$name.txt" 2>&1; then
		fail_part "($name) the import failed: $(head -c 600 "$tmp/import-$name.txt")"
	fi
	t1=$(date +%s.%N)
	sleep 1
	stop "$client_pid"
	client_pid=
	local wall locked check
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	locked=$(sed -n 's/.*databasen låst för andra skrivningar \([0-9.]*\) s.*/\1/p' "$tmp/import-$name.txt")
	check=$(sed -n 's/.*läsning och kontroll \([0-9.]*\) s.*/\1/p' "$tmp/import-$name.txt")
	# The writes sent while the import ran (started before it ended).
	awk -v a="$t0" -v b="$t1" '$1 - $2 / 1000 >= a && $1 - $2 / 1000 <= b' "$out" >"$tmp/during-$name.txt"
	local n max p99 bad
	n=$(wc -l <"$tmp/during-$name.txt")
	max=$(cut -d' ' -f2 "$tmp/during-$name.txt" | sort -g | tail -1)
	p99=$(cut -d' ' -f2 "$tmp/during-$name.txt" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR) { i = int(NR * 0.99); if (i < 1) i = 1; print v[i] } }')
	bad=$(awk '$3 < 200 || $3 > 299 { c[$3]++ } END { for (k in c) printf "%s%dx%s", (s++ ? "," : ""), c[k], k }' \
		"$tmp/during-$name.txt")
	results+=("$(printf '%-38s %8s %10s %10s %8s %9.0f %9.0f  %s' "$2" "$wall" "${check:-?}" "${locked:-?}" "$n" \
		"${max:-0}" "${p99:-0}" "${bad:-none}")")
}

import_under_load empty "into the empty register"
import_under_load full "the same file again (upserts)"
n=$(sqlite3 "$db" 'SELECT COUNT(*) FROM employers' 2>/dev/null || echo '?')
[[ $n == "$rows" ]] || fail_part "$n employers in the register, want $rows"

load_after=$(cut -d' ' -f1 /proc/loadavg)
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
report=$(
	printf 'Samsyn: an employer import beside a writing user (issue 10, item 7), %s\n' "$stamp"
	printf 'machine: %s\n' "$(machine)"
	printf 'samsyn: %s; extract: %s rows (seed %s); server busy wait: %s\n' "$("$bin" version | cut -d' ' -f2)" \
		"$rows" "$seed" "${busy_wait:-the default}"
	printf 'load average (1 min) before: %s, after: %s%s\n\n' "$load_before" "$load_after" \
		"$(awk -v l="$load_before" 'BEGIN { if (l > 0.5) print " (busy: other work; compare figures with care)" }')"
	printf 'samsyn import employers (CLI, the server running: WAL) while a client does POST /api/v1/orgs every %s ms:\n' "$every"
	printf '%-38s %8s %10s %10s %8s %9s %9s  %s\n' 'import' 'wall s' 'check s' 'locked s' 'writes' 'max ms' 'p99 ms' 'not 2xx'
	printf '%s\n' "${results[@]}"
	printf '\n(check: read and checked, no lock held; locked: the write lock held, which every other write waits for;\n'
	printf ' not 2xx: NxSTATUS, N answers with that status; 0 = no answer)\n'
	if ((${#failures[@]})); then
		printf '\nnot measured or wrong:\n'
		printf '  - %s\n' "${failures[@]}"
	fi
)
echo "$report"
mkdir -p "$root/bench/out"
out=$root/bench/out/import-lock-$(date -u +%Y%m%d-%H%M%S).txt
echo "$report" >"$out"
cp "$out" "$root/bench/out/latest-import-lock.txt"
say "written to ${out#"$root"/} (and bench/out/latest-import-lock.txt)"
((${#failures[@]} == 0)) || exit 1
