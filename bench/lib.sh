# lib.sh — shell functions shared by the benchmark scripts (run.sh, sus.sh,
# employers.sh): messages, parts that could not be measured, medians,
# stopping processes, starting `samsyn serve`, logging in, wrk runs and
# reading wrk's output. Sourced, not run. The caller sets $tmp (its temp
# dir), and for run_wrk $connections, $wrk_threads and $seconds.

die() {
	echo "bench: $*" >&2
	exit 1
}
say() { echo "bench: $*" >&2; }

# Stops a process (and, with a second argument, its process group) and
# waits for it.
stop() {
	local pid=$1 group=${2:-} i
	[[ -n $pid ]] || return 0
	kill -TERM ${group:+--} "${group:+-}$pid" 2>/dev/null || return 0
	for ((i = 0; i < 50; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL ${group:+--} "${group:+-}$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# start_server BINARY DB THREADS LOG: serves DB on a free loopback port
# without access log; sets server_pid and url (read from the url= log line).
start_server() {
	local bin=$1 db=$2 threads=$3 log=$4 i
	# The log exists before the loop reads it: the background job may not
	# have opened it yet, and a failing sed ends a set -e script.
	: >"$log"
	"$bin" serve --db "$db" --quiet --listen 127.0.0.1:0 --threads "$threads" >"$log" 2>&1 &
	server_pid=$!
	url=
	for ((i = 0; i < 600; i++)); do # migrations of a big database may take a while
		url=$(sed -n 's/.*event=listening url=\([^ ]*\).*/\1/p' "$log")
		[[ -n $url ]] && return 0
		kill -0 "$server_pid" 2>/dev/null || die "samsyn serve exited: $(cat "$log")"
		sleep 0.05
	done
	die "samsyn serve printed no url= line: $(cat "$log")"
}

# fail_part MESSAGE: a part that could not be measured; the report lists
# $failures and the script exits 1.
failures=()
fail_part() {
	say "$*"
	failures+=("$*")
}

# The median of the numbers on standard input, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# login URL USERNAME PASSWORD: sets cookie ("Cookie: samsyn_session=…").
login() {
	local code token
	code=$(curl -s -o "$tmp/login.json" -D "$tmp/login.headers" -w '%{http_code}' \
		-H 'Content-Type: application/json' \
		--data-binary "{\"username\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/session")
	[[ $code == 200 ]] || die "login answered $code: $(cat "$tmp/login.json")"
	token=$(sed -n 's/^[Ss]et-[Cc]ookie: samsyn_session=\([^;]*\);.*/\1/p' "$tmp/login.headers")
	[[ -n $token ]] || die "login set no samsyn_session cookie"
	cookie="Cookie: samsyn_session=$token"
}

# run_wrk NAME [wrk options] URL: output in $tmp/wrk-NAME.txt; fails on
# non-2xx answers.
run_wrk() {
	local name=$1
	shift
	say "wrk ($name): ${*: -1}"
	# In the background: a signal's trap runs at once, not when wrk is done.
	wrk -c "$connections" -t "$wrk_threads" -d "${seconds}s" --latency "$@" >"$tmp/wrk-$name.txt" 2>&1 &
	wrk_pid=$!
	wait "$wrk_pid" || die "wrk ($name) failed: $(cat "$tmp/wrk-$name.txt")"
	wrk_pid=
	if grep -q 'Non-2xx or 3xx responses' "$tmp/wrk-$name.txt"; then
		die "wrk ($name) got error answers: $(cat "$tmp/wrk-$name.txt")"
	fi
}
rps() { awk '/^Requests\/sec:/ { print $2 }' "$tmp/wrk-$1.txt"; }
p99() { # in milliseconds
	awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
		f = u == "us" ? 0.001 : u == "ms" ? 1 : u == "s" ? 1000 : u == "m" ? 60000 : -1;
		printf "%.2f", v * f }' "$tmp/wrk-$1.txt"
}
errors() { sed -n 's/^ *Socket errors: //p' "$tmp/wrk-$1.txt"; }

# The machine line of a report.
machine() {
	local cpu
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
	printf '%s CPUs (%s), %s' "$(nproc)" "${cpu:-?}" "$(uname -sr)"
}

# wrk_page NAME LABEL URL: GETs a page of 50 items with the login's cookie
# and, when it is one, runs wrk on it (run_wrk NAME). Sets page_bytes and
# page_total (the list's total); returns 1 after fail_part when the page is
# not right.
wrk_page() {
	local name=$1 label=$2 url=$3 code items
	code=$(curl -s -o "$tmp/$name.json" -w '%{http_code}' -H "$cookie" "$url")
	if [[ $code != 200 ]]; then
		fail_part "$label: GET $url answered $code: $(head -c 300 "$tmp/$name.json")"
		return 1
	fi
	read -r items page_total < <(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		console.log((r.items || []).length, r.total ?? "?")' "$tmp/$name.json" || echo "0 ?")
	if [[ $items != 50 ]]; then
		fail_part "$label: GET $url has $items items, want 50"
		return 1
	fi
	page_bytes=$(wc -c <"$tmp/$name.json")
	run_wrk "$name" -H "$cookie" "$url"
}
