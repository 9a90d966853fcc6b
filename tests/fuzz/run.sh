#!/bin/sh
# run.sh — runs a libFuzzer target for a fixed time on a copy of the seed
# corpus, so the source tree never collects generated inputs.
# Usage: run.sh BIN SECONDS SEED_CORPUS WORK_CORPUS
# Exits non-zero when the fuzzer finds a crash, leak or timeout; the input
# is kept in WORK_CORPUS-artifacts/ (add it to SEED_CORPUS once fixed).
set -eu
if [ $# -ne 4 ]; then
	echo "usage: $0 BIN SECONDS SEED_CORPUS WORK_CORPUS" >&2
	exit 2
fi
bin=$1 seconds=$2 seeds=$3 work=$4
artifacts="${work%/}-artifacts"
mkdir -p "$work" "$artifacts"
cp "$seeds"/* "$work"/
dict="$(dirname "$0")/dict"
set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$artifacts/"
[ -f "$dict" ] && set -- "$@" -dict="$dict"
"$bin" "$@" "$work"
