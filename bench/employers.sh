#!/usr/bin/env bash
# employers.sh — the employer register benchmark of issue 4, on loopback
# only. Generates a company register extract of 1 200 000 rows with
# `samsyn gen employers-csv` (deterministic, a second or so), then measures
# in the same run, SAMSYN_BENCH_RUNS times each, interleaved, every run into
# a fresh database with the file in the page cache:
#   (a) `samsyn import employers` (all validation on: orgnr with Luhn, SNI,
#       size class, municipality, duplicates; upsert; indexes built),
#       wall time and peak RSS (/usr/bin/time); one more, untimed run
#       sampled in /proc for the import's own memory (peak RssAnon) apart
#       from database pages read through the memory map (RssFile);
#   (b) the sqlite3 command-line tool's `.import` of the same file into a
#       bare table t(orgnr,name,sni_code,size_class,municipality_code);
#   and the ratio of the medians (a)/(b), for reference (the first goal,
#       1.5, could not hold beside the indexes a register needs);
#   (d) sqlite3 loading the same file into a table with the register's
#       three indexes (orgnr unique, lower(name), kommun+SNI+size class)
#       built after the load, and (a)/(d) (the goal, as restated after
#       issue 4: <= 1.0): samsyn against SQLite's own load of a register
#       one can search; and (d) - (b), what the indexes alone cost SQLite;
#   (c) wrk requests/s of GET /api/v1/employers?q=<name prefix>&limit=50 on
#       the imported register (reported as not measured when the search
#       endpoint is missing).
# Writes the report to bench/out/employers-DATE.txt and
# bench/out/latest-employers.txt; exits 1 when a part could not be measured.
#   bench/employers.sh [BINARY]     default build/release/samsyn
# Environment: SAMSYN_BENCH_EMPLOYERS (1200000), SAMSYN_BENCH_SEED (1),
# SAMSYN_BENCH_RUNS (3), SAMSYN_BENCH_THREADS (8), SAMSYN_BENCH_SECONDS (15).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bin=$(bench_binary "${1:-}")
rows=${SAMSYN_BENCH_EMPLOYERS:-1200000}
seed=${SAMSYN_BENCH_SEED:-1}
runs=${SAMSYN_BENCH_RUNS:-3}
threads=${SAMSYN_BENCH_THREADS:-8}
seconds=${SAMSYN_BENCH_SECONDS:-15}
connections=64
wrk_threads=2
password='x7-load-and-search-42' # not the username: the password check refuses that
prefix=nord # a name prefix of about 1 in 30 generated legal persons

need_tools sqlite3 wrk curl node
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (scripts/setup.sh bench installs the time package)"

bench_setup samsyn-bench-employers wrk_pid server_pid

load_before=$(cut -d' ' -f1 /proc/loadavg)

# ---- 1. the extract ----

csv=$tmp/employers.csv
employers_csv "$bin" "$csv" # in the page cache for both sides
csv_bytes=$(stat -c %s "$csv")

# ---- 2. (a) and (b), interleaved ----

# "seconds peak-KiB" of a command, its output in $tmp/out.
timed() {
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out" 2>&1 || return 1
	cat "$tmp/time"
}
: >"$tmp/t-samsyn"
: >"$tmp/t-sqlite"
: >"$tmp/t-indexed"
samsyn_ok=1
for ((i = 1; i <= runs; i++)); do
	db=$tmp/samsyn-$i.db
	"$bin" init --db "$db" >/dev/null 2>&1 || die "samsyn init failed"
	say "run $i of $runs: samsyn import employers"
	if r=$(timed "$bin" import employers --db "$db" "$csv"); then
		echo "$r" >>"$tmp/t-samsyn"
		n=$(sqlite3 "$db" 'SELECT COUNT(*) FROM employers')
		[[ $n == "$rows" ]] || fail_part "(a) run $i: $n employers in the register, want $rows"
	else
		samsyn_ok=0
		fail_part "(a) samsyn import employers failed: $(head -c 600 "$tmp/out")"
		break
	fi
	((i == runs)) || rm -f "$db" "$db-wal" "$db-shm" # the last one is served for (c)
	say "run $i of $runs: sqlite3 .import"
	sdb=$tmp/sqlite-$i.db
	r=$(timed sqlite3 "$sdb" 'CREATE TABLE t(orgnr,name,sni_code,size_class,municipality_code);' \
		".import --csv --skip 1 $csv t") || die "sqlite3 .import failed: $(cat "$tmp/out")"
	echo "$r" >>"$tmp/t-sqlite"
	n=$(sqlite3 "$sdb" 'SELECT COUNT(*) FROM t')
	[[ $n == "$rows" ]] || die "sqlite3 imported $n rows, want $rows"
	rm -f "$sdb"
	say "run $i of $runs: sqlite3 .import, then the register's indexes"
	r=$(timed sqlite3 "$sdb" 'CREATE TABLE t(orgnr,name,sni_code,size_class,municipality_code);' \
		".import --csv --skip 1 $csv t" 'PRAGMA threads=2;' \
		'BEGIN; CREATE UNIQUE INDEX t_orgnr ON t(orgnr); CREATE INDEX t_name ON t(lower(name));' \
		'CREATE INDEX t_structure ON t(municipality_code, sni_code, size_class); COMMIT;') ||
		die "sqlite3 .import with indexes failed: $(cat "$tmp/out")"
	echo "$r" >>"$tmp/t-indexed"
	rm -f "$sdb"
done
# The import's own memory: RSS also counts the database file's pages that
# SQLite reads through its memory map. One more import, sampled every 20 ms.
anon_peak=
if ((samsyn_ok)); then
	say "one more samsyn import, its memory sampled"
	mdb=$tmp/samsyn-mem.db
	"$bin" init --db "$mdb" >/dev/null 2>&1 || die "samsyn init failed"
	"$bin" import employers --db "$mdb" "$csv" >/dev/null 2>&1 &
	mpid=$!
	anon_peak=0
	file_peak=0
	while kill -0 "$mpid" 2>/dev/null; do
		read -r a f < <(awk '/^RssAnon/ { a = $2 } /^RssFile/ { f = $2 } END { print a + 0, f + 0 }' "/proc/$mpid/status" 2>/dev/null || echo "0 0")
		((a > anon_peak)) && anon_peak=$a
		((f > file_peak)) && file_peak=$f
		sleep 0.02
	done
	wait "$mpid" || fail_part "(a) the sampled import failed"
	rm -f "$mdb" "$mdb-wal" "$mdb-shm" "$mdb-journal"
fi
t_sqlite=$(cut -d' ' -f1 "$tmp/t-sqlite" | median)
t_indexed=$(cut -d' ' -f1 "$tmp/t-indexed" | median)
t_samsyn=
ratio=
rss=
if ((samsyn_ok)); then
	t_samsyn=$(cut -d' ' -f1 "$tmp/t-samsyn" | median)
	ratio=$(awk -v a="$t_samsyn" -v b="$t_sqlite" 'BEGIN { printf "%.2f", a / b }')
	ratio_indexed=$(awk -v a="$t_samsyn" -v b="$t_indexed" 'BEGIN { printf "%.2f", a / b }')
	rss=$(cut -d' ' -f2 "$tmp/t-samsyn" | sort -g | tail -1)
fi

# ---- 3. (c) search by name prefix ----

search_ok=0
if ((samsyn_ok)); then
	db=$tmp/samsyn-$runs.db
	printf '%s\n' "$password" | "$bin" user add --db "$db" --username bench --name "Bänk Märk" --org-id 1 \
		--role admin --password-stdin >/dev/null
	start_server "$bin" "$db" "$threads" "$tmp/serve.log"
	say "samsyn at $url, --threads $threads"
	login "$url" bench "$password"
	if wrk_page s "(c) employer search" "$url/api/v1/employers?q=$prefix&limit=50"; then
		search_ok=1
		search_bytes=$page_bytes
		total=$page_total
	fi
fi

# ---- 4. report ----

load_after=$(cut -d' ' -f1 /proc/loadavg)
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
report=$(
	printf 'Samsyn employer register benchmark (issue 4), %s\n' "$stamp"
	printf 'machine: %s\n' "$(machine)"
	printf 'samsyn: %s; %s\n' "$("$bin" version | cut -d' ' -f2)" "$(sqlite3 --version | awk '{ print "sqlite3 " $1 }')"
	printf 'extract: %s rows, %s MB (samsyn gen employers-csv --seed %s, %s s)\n' "$rows" "$((csv_bytes / 1000000))" "$seed" "$gen_seconds"
	printf 'load average (1 min) before: %s, after: %s%s\n\n' "$load_before" "$load_after" \
		"$(awk -v l="$load_before" 'BEGIN { if (l > 0.5) print " (busy: other work, or a run just before; compare figures with care)" }')"
	printf 'import of the extract, median of %s runs, each into a fresh database:\n' "$runs"
	if ((samsyn_ok)); then
		printf '  %-62s %8s s\n' '(a) samsyn import employers (validated, upsert, indexes)' "$t_samsyn"
	else
		printf '  %-62s %10s\n' '(a) samsyn import employers' 'not measured'
	fi
	printf '  %-62s %8s s\n' '(b) sqlite3 CLI .import into a bare table' "$t_sqlite"
	printf '  %-62s %8s s\n' '(d) sqlite3 CLI .import, then the register'"'"'s three indexes' "$t_indexed"
	if ((samsyn_ok)); then
		printf '\n  (a)/(d) = %s    (goal <= 1.0: %s; samsyn against SQLite'"'"'s own load of an indexed table)\n' \
			"$ratio_indexed" "$(awk -v r="$ratio_indexed" 'BEGIN { print (r <= 1.0 ? "met" : "NOT met") }')"
		printf '  (a)/(b) = %s    (against a bare table, for reference)\n' "$ratio"
		printf '  the indexes alone, (d) - (b): %s s\n' "$(awk -v d="$t_indexed" -v b="$t_sqlite" 'BEGIN { printf "%.2f", d - b }')"
		printf '  peak RSS of (a): %s MB; of that the import'"'"'s own memory (RssAnon) %s MB, the rest database\n' \
			"$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')" "$(awk -v k="$anon_peak" 'BEGIN { printf "%.0f", k / 1024 }')"
		printf '  pages read through the memory map (RssFile, peak %s MB)\n' "$(awk -v k="$file_peak" 'BEGIN { printf "%.0f", k / 1024 }')"
		printf '  runs (s, peak KiB): samsyn %s sqlite3 %s indexed %s\n' "$(tr '\n' ';' <"$tmp/t-samsyn")" \
			"$(tr '\n' ';' <"$tmp/t-sqlite")" "$(tr '\n' ';' <"$tmp/t-indexed")"
	fi
	printf '\nemployer search by name prefix, wrk %s connections, %s threads, %s s:\n' "$connections" "$wrk_threads" "$seconds"
	printf '  %-58s %12s %10s  %s\n' test requests/s 'p99 ms' 'socket errors'
	if ((search_ok)); then
		printf '  %-58s %12s %10s  %s\n' "(c) GET /api/v1/employers?q=$prefix&limit=50" "$(rps s)" "$(p99 s)" "$(errors s)"
		printf '  matches: %s; body: %s bytes\n' "$total" "$search_bytes"
	else
		printf '  %-58s %12s\n' "(c) GET /api/v1/employers?q=$prefix&limit=50" 'not measured'
	fi
	if ((${#failures[@]})); then
		printf '\nnot measured or wrong:\n'
		printf '  - %s\n' "${failures[@]}"
	fi
)
echo "$report"
mkdir -p "$root/bench/out"
out=$root/bench/out/employers-$(date -u +%Y%m%d-%H%M%S).txt
{
	echo "$report"
	if ((search_ok)); then
		printf '\n---- wrk (c) ----\n'
		cat "$tmp/wrk-s.txt"
	fi
} >"$out"
cp "$out" "$root/bench/out/latest-employers.txt"
say "written to ${out#"$root"/} (and bench/out/latest-employers.txt)"
((${#failures[@]} == 0)) || exit 1
