#!/usr/bin/env bash
# http_sweep.sh — requests/s of (b) (GET /api/v1/users?limit=50 with a
# session cookie) against the bare libmicrohttpd server of (d)
# (bench/mhd_floor.c) over thread counts and daemon flags, with nginx (c)
# serving the same bytes as the floor in every round. Rounds are
# interleaved: every round runs every setting once, in an order rotated by
# one each round, so load from other work on the machine falls on all of
# them. Prints every round's requests/s, the load average beside it, the
# median and the median's ratio to nginx's median.
#   bench/http_sweep.sh [SAMSYN_BINARY...]   default build/release/samsyn
# Each binary is a samsyn build (for a variant such as MHD_USE_TURBO:
# -DHTTP_MHD_EXTRA_FLAGS=MHD_USE_TURBO); its flags are read from its
# listening line. Environment: SWEEP_ROUNDS (3), SWEEP_SECONDS (5, each
# wrk run), SWEEP_THREADS ("1 2 4 8"), SWEEP_FLOOR ("epoll turbo": the
# floor's variants; also poll, select, per-connection; "" for none),
# SWEEP_SAMSYN (1; 0: no samsyn), SWEEP_H2O (0; 1: also bench/h2o_floor.c,
# the same bare server on h2o's library, libh2o-evloop-dev).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bins=("$@")
[[ ${#bins[@]} -gt 0 ]] || bins=(build/release/samsyn)
for i in "${!bins[@]}"; do bins[i]=$(bench_binary "${bins[i]}"); done
rounds=${SWEEP_ROUNDS:-3}
seconds=${SWEEP_SECONDS:-5}
read -r -a thread_counts <<<"${SWEEP_THREADS:-1 2 4 8}"
read -r -a floor_variants <<<"${SWEEP_FLOOR-epoll turbo}"
with_samsyn=${SWEEP_SAMSYN:-1}
with_h2o=${SWEEP_H2O:-0}
connections=64
wrk_threads=2
nusers=50
password='x7-load-and-search-42'
find_nginx
need_tools wrk curl cc

bench_setup samsyn-sweep wrk_pid server_pid floor_pid h2o_pid nginx_pid

db=$tmp/samsyn.db
make_users "${bins[0]}" "$db" "$nusers" "$password"
start_server "${bins[0]}" "$db" 2 "$tmp/serve.log"
login "$url" bench "$password"
body=$tmp/users.json
code=$(curl -s -o "$body" -w '%{http_code}' -H "$cookie" "$url/api/v1/users?limit=50")
[[ $code == 200 ]] || die "GET /api/v1/users?limit=50 answered $code"
stop "$server_pid"
server_pid=
build_floor
start_nginx "$body"
if [[ $with_h2o == 1 ]]; then
	cc -O2 -pthread -DH2O_USE_LIBUV=0 "$root/bench/h2o_floor.c" -lh2o-evloop -o "$tmp/h2o_floor" 2>"$tmp/h2o.log" ||
		die "cannot build bench/h2o_floor.c (apt-get install libh2o-evloop-dev): $(cat "$tmp/h2o.log")"
fi
h2o_pid=

# The settings: "nginx", "floor THREADS VARIANT", "samsyn THREADS BINARY_INDEX".
settings=("nginx")
for t in "${thread_counts[@]}"; do
	for v in "${floor_variants[@]}"; do settings+=("floor $t $v"); done
	[[ $with_h2o != 1 ]] || settings+=("h2o $t")
	[[ $with_samsyn != 1 ]] || for i in "${!bins[@]}"; do settings+=("samsyn $t $i"); done
done

declare -A result load flagsof
for ((r = 1; r <= rounds; r++)); do
	n=${#settings[@]}
	for ((k = 0; k < n; k++)); do
		s=${settings[(k + r - 1) % n]}
		read -r kind t v <<<"$s"
		l=$(cut -d' ' -f1 /proc/loadavg)
		case $kind in
		nginx)
			run_wrk sweep "$nginx_url/users.json" ;;
		floor)
			words=()
			[[ $v == epoll ]] || words=("$v")
			start_floor "$body" "$t" "${words[@]}"
			flagsof[$s]=$floor_flags
			run_wrk sweep "$floor_url/users.json"
			stop "$floor_pid"
			floor_pid= ;;
		h2o)
			port=$((20000 + RANDOM % 40000))
			"$tmp/h2o_floor" "$body" "$t" "$port" >"$tmp/h2o.out" 2>&1 &
			h2o_pid=$!
			for ((i = 0; i < 100; i++)); do
				curl -sf -o /dev/null "http://127.0.0.1:$port/users.json" && break
				kill -0 "$h2o_pid" 2>/dev/null || die "h2o_floor exited: $(cat "$tmp/h2o.out")"
				sleep 0.05
			done
			run_wrk sweep "http://127.0.0.1:$port/users.json"
			stop "$h2o_pid"
			h2o_pid= ;;
		samsyn)
			start_server "${bins[v]}" "$db" "$t" "$tmp/serve.log"
			flagsof[$s]=$server_flags
			run_wrk sweep -H "$cookie" "$url/api/v1/users?limit=50"
			stop "$server_pid"
			server_pid= ;;
		esac
		result[$s]+="$(rps sweep) "
		load[$s]+="$l "
		say "round $r: $s: $(rps sweep) requests/s (load $l)"
	done
done

nginx_median=$(tr ' ' '\n' <<<"${result[nginx]}" | grep . | median)
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
report=$(
	printf 'HTTP sweep, %s\n' "$stamp"
	printf 'machine: %s\n' "$(machine)"
	printf 'wrk: %s connections, %s threads, %s s each, keep-alive, loopback; %s rounds, interleaved\n' \
		"$connections" "$wrk_threads" "$seconds" "$rounds"
	for i in "${!bins[@]}"; do printf 'samsyn #%s: %s\n' "$i" "${bins[i]}"; done
	printf 'body: %s bytes (GET /api/v1/users?limit=50, %s users)\n\n' "$(wc -c <"$body")" "$nusers"
	printf '  %-24s %-8s %-26s %-22s %9s %8s\n' setting mhd_flags 'requests/s per round' 'load (1 min) per round' median '/nginx'
	for s in "${settings[@]}"; do
		med=$(tr ' ' '\n' <<<"${result[$s]}" | grep . | median)
		label=$s
		case $s in samsyn*) read -r _ t v <<<"$s"; label="samsyn #$v threads $t" ;; floor*) read -r _ t v <<<"$s"; label="floor threads $t $v" ;; h2o*) label="h2o threads ${s#h2o }" ;; esac
		printf '  %-24s %-8s %-26s %-22s %9.0f %8.2f\n' "$label" "${flagsof[$s]:--}" "${result[$s]}" "${load[$s]}" \
			"$med" "$(awk -v x="$med" -v y="$nginx_median" 'BEGIN { print x / y }')"
	done
)
echo "$report"
mkdir -p "$root/bench/out"
out=$root/bench/out/sweep-$(date -u +%Y%m%d-%H%M%S).txt
echo "$report" >"$out"
say "written to ${out#"$root"/}"
