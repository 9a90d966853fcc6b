#!/usr/bin/env bash
# diplomas.sh — the diploma benchmark of issue 13: 500 diplomas drawn into
# one PDF (the download of every diploma of a large session) by
# src/report/diploma.c, SAMSYN_BENCH_RUNS times; prints each run's time and
# size and the median time. Goal: under 5 s. bench/diplomas.c is built here
# with the tree's sources and -O2, like bench/mhd_floor.c, so the figure is
# the module's own, without a server in front.
#   bench/diplomas.sh [N]          default 500
# Environment: SAMSYN_BENCH_RUNS (3). Keeps the last PDF as
# bench/out/latest-diplomas.pdf, to look at (pdftoppm -png -r 60).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
count=${1:-500}
runs=${SAMSYN_BENCH_RUNS:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/samsyn-bench-diplomas.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cc=${CC:-cc}
# shellcheck disable=SC2046 # word splitting of the flags is meant
"$cc" -O2 -std=c17 -D_GNU_SOURCE -Wall -Wextra -I"$root/src" "$root/bench/diplomas.c" \
	"$root/src/report/diploma.c" "$root/src/base/err.c" "$root/src/base/mem.c" \
	$(pkg-config --cflags --libs cairo pangocairo fontconfig) -o "$tmp/diplomas" 2>"$tmp/build.log" ||
	die "cannot build bench/diplomas.c: $(cat "$tmp/build.log") (scripts/setup.sh installs cairo and pango)"

mkdir -p "$root/bench/out"
times=()
for ((run = 1; run <= runs; run++)); do
	line=$("$tmp/diplomas" "$count" "$root/bench/out/latest-diplomas.pdf")
	echo "run $run: $line"
	times+=("$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' <<<"$line")")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
pages=$(pdfinfo "$root/bench/out/latest-diplomas.pdf" 2>/dev/null | sed -n 's/^Pages: *//p' || true)
echo "median: ${median} s for $count diplomas${pages:+ ($pages pages)}; goal under 5 s"
awk -v m="$median" 'BEGIN {exit !(m < 5)}' || die "slower than the goal of 5 s"
