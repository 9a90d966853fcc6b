# lib.sh — shell functions shared by the benchmark scripts (run.sh, sus.sh,
# employers.sh and the others): messages, the binary, the tools, the temp
# dir and the traps that stop what a script started, parts that could not
# be measured, medians, stopping processes, starting `samsyn serve`,
# logging in, wrk runs and reading wrk's output. Sourced, not run, after
# the caller sets $root (the tree); bench_setup sets $tmp (its temp dir);
# for run_wrk the caller sets $connections, $wrk_threads and $seconds.

die() {
	echo "bench: $*" >&2
	exit 1
}
say() { echo "bench: $*" >&2; }

# bench_binary [PATH]: prints the samsyn binary PATH (default
# build/release/samsyn) as an absolute path: relative to the working
# directory when it is there, else to the tree ($root); dies when it is not
# an executable. bin=$(bench_binary "${1:-}") ends a set -e script then.
bench_binary() {
	local b=${1:-build/release/samsyn}
	if [[ $b != /* ]]; then
		if [[ -e $b ]]; then b=$(pwd)/$b; else b=$root/$b; fi
	fi
	[[ -x $b ]] || die "no samsyn binary at $b (build it: cmake --build build/release)"
	printf '%s\n' "$b"
}

# need_tools TOOL...: dies naming the first one not on the PATH.
need_tools() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || die "$tool is missing (scripts/setup.sh bench)"
	done
}

# swedish_today: Sweden's date now (YYYY-MM-DD), the server's "today"
# (src/base/clock.c); by node, which carries its own time-zone data.
swedish_today() {
	node -e 'process.stdout.write(new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" }))'
}

# bench_setup NAME VAR...: makes $tmp (NAME.XXXXXX in $TMPDIR or /tmp),
# empties the variables VAR (process ids the script sets) and sets the
# traps: on any exit each of them that holds a pid is stopped, in the
# order given (nginx_pid with its process group, as start_nginx makes
# it), $tmp is removed and the script's exit status kept; INT and TERM
# exit 130 and 143.
bench_setup() {
	local v
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	shift
	bench_pids=("$@")
	for v in "$@"; do printf -v "$v" '%s' ''; done
	trap _bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}
_bench_cleanup() {
	local rc=$? v
	for v in "${bench_pids[@]}"; do
		if [[ $v == nginx_pid ]]; then stop "${!v:-}" group; else stop "${!v:-}"; fi
	done
	rm -rf "$tmp"
	exit "$rc"
}

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
# without access log; sets server_pid and url (read from the url= log
# line), and server_threads and server_flags (its threads= and mhd_flags=,
# empty from a binary that does not print them). THREADS "" or "default":
# no --threads, serve's own default.
start_server() {
	local bin=$1 db=$2 threads=$3 log=$4 i line
	# The log exists before the loop reads it: the background job may not
	# have opened it yet, and a failing sed ends a set -e script.
	: >"$log"
	if [[ -z $threads || $threads == default ]]; then
		"$bin" serve --db "$db" --quiet --listen 127.0.0.1:0 >"$log" 2>&1 &
	else
		"$bin" serve --db "$db" --quiet --listen 127.0.0.1:0 --threads "$threads" >"$log" 2>&1 &
	fi
	server_pid=$!
	url=
	for ((i = 0; i < 600; i++)); do # migrations of a big database may take a while
		line=$(grep -m1 'event=listening url=' "$log" || true)
		url=$(sed -n 's/.*event=listening url=\([^ ]*\).*/\1/p' <<<"$line")
		if [[ -n $url ]]; then
			server_threads=$(sed -n 's/.* threads=\([0-9]*\).*/\1/p' <<<"$line")
			server_flags=$(sed -n 's/.* mhd_flags=\([^ ]*\).*/\1/p' <<<"$line")
			return 0
		fi
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

# p-th percentile (nearest rank) of the numbers on standard input.
percentile() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { if (NR) { i = int(NR * p / 100); if (i < NR * p / 100) i++; print v[i] } }'; }
# Seconds as milliseconds, one decimal.
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }

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

# make_users BINARY DB NUSERS PASSWORD: `samsyn init` on a new DB, then the
# admin "bench" with PASSWORD and NUSERS-2 more users with names, e-mail
# addresses and a role each (NUSERS counts init's admin). The benchmark of
# the user list (run.sh, http_sweep.sh, instructions.sh).
make_users() {
	local bin=$1 db=$2 nusers=$3 password=$4 i
	local roles=(case_worker kansli reader trainer employer_contact)
	"$bin" init --db "$db" >"$tmp/init.log" || die "samsyn init failed: $(cat "$tmp/init.log")"
	say "creating $((nusers - 1)) users (argon2id hashing takes a while)"
	_add_user() { # username name role [email]
		printf '%s\n' "$password" | "$bin" user add --db "$db" --username "$1" --name "$2" --org-id 1 \
			--role "$3" ${4:+--email "$4"} --password-stdin >/dev/null
	}
	_add_user bench "Bänk Märk" admin bench@example.se
	for ((i = 3; i <= nusers; i++)); do
		_add_user "$(printf 'user%02d' "$i")" "$(printf 'Användare %02d Åkesson' "$i")" "${roles[i % 5]}" \
			"$(printf 'user%02d@example.se' "$i")"
	done
}

# start_nginx BODY: Debian's nginx from bench/nginx.conf.in serving the
# file BODY as /users.json on a free loopback port, everything it writes
# under $tmp/nginx; sets nginx_pid (a process group: stop "$nginx_pid"
# group) and nginx_url. Needs $root and $nginx.
start_nginx() {
	local body=$1 build temp_paths m attempt port i
	mkdir -p "$tmp/nginx/www"
	cp "$body" "$tmp/nginx/www/users.json"
	# Workers drop to "nobody" when this runs as root, so they must be
	# able to reach the file.
	chmod 711 "$tmp"
	chmod 755 "$tmp/nginx" "$tmp/nginx/www"
	chmod 644 "$tmp/nginx/www/users.json"
	# Its compiled-in temp dirs are under /var/lib/nginx: move every one it has.
	build=$("$nginx" -V 2>&1)
	temp_paths="	client_body_temp_path $tmp/nginx/body;"
	for m in proxy fastcgi uwsgi scgi; do
		[[ $build == *"--without-http_${m}_module"* ]] || temp_paths+=$'\n'"	${m}_temp_path $tmp/nginx/$m;"
	done
	nginx_url=
	for attempt in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # taken
		awk -v prefix="$tmp/nginx" -v port="$port" -v paths="$temp_paths" \
			'{ gsub(/@PREFIX@/, prefix); gsub(/@PORT@/, port); if ($0 == "@TEMP_PATHS@") $0 = paths; print }' \
			"$root/bench/nginx.conf.in" >"$tmp/nginx/nginx.conf"
		: >"$tmp/nginx/error.log"
		setsid "$nginx" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" \
			>"$tmp/nginx/stdout.log" 2>&1 &
		nginx_pid=$!
		for ((i = 0; i < 100; i++)); do
			if curl -sf -o /dev/null "http://127.0.0.1:$port/users.json"; then
				nginx_url=http://127.0.0.1:$port
				break
			fi
			kill -0 "$nginx_pid" 2>/dev/null || break
			sleep 0.05
		done
		[[ -n $nginx_url ]] && return 0
		stop "$nginx_pid" group
		nginx_pid=
		grep -q 'Address already in use' "$tmp/nginx/error.log" ||
			die "nginx did not start: $(cat "$tmp/nginx/error.log" "$tmp/nginx/stdout.log")"
	done
	die "nginx found no free port"
}

# find_nginx: sets nginx (Debian's, not always on a user's PATH).
find_nginx() {
	nginx=$(command -v nginx || true)
	if [[ -z $nginx && -x /usr/sbin/nginx ]]; then nginx=/usr/sbin/nginx; fi
	[[ -n $nginx ]] || die "nginx is missing (scripts/setup.sh bench)"
}

# build_floor: compiles bench/mhd_floor.c (the bare libmicrohttpd server
# of part d) against the tree's src/http/mhd_daemon.h into $tmp/mhd_floor.
# Built here, not by CMake: the bench takes any samsyn binary, and the
# floor must always have this tree's flags and the installed library.
build_floor() {
	local cc=${CC:-cc} libs
	libs=$(pkg-config --cflags --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)
	# shellcheck disable=SC2086 # word splitting of the flags is meant
	"$cc" -O2 -std=c17 -D_GNU_SOURCE -Wall -Wextra -I"$root/src/http" "$root/bench/mhd_floor.c" \
		$libs -o "$tmp/mhd_floor" 2>"$tmp/mhd_floor.log" ||
		die "cannot build bench/mhd_floor.c: $(cat "$tmp/mhd_floor.log")"
}

# start_floor BODY THREADS [turbo] [poll|select] [per-connection]: starts
# $tmp/mhd_floor; sets floor_pid, floor_url and floor_flags.
start_floor() {
	local log=$tmp/mhd_floor.out i
	: >"$log"
	"$tmp/mhd_floor" "$@" >"$log" 2>&1 &
	floor_pid=$!
	floor_url=
	for ((i = 0; i < 100; i++)); do
		floor_url=$(sed -n 's/^url=\([^ ]*\).*/\1/p' "$log")
		if [[ -n $floor_url ]]; then
			floor_flags=$(sed -n 's/.* mhd_flags=\([^ ]*\).*/\1/p' "$log")
			return 0
		fi
		kill -0 "$floor_pid" 2>/dev/null || die "mhd_floor exited: $(cat "$log")"
		sleep 0.05
	done
	die "mhd_floor printed no url= line: $(cat "$log")"
}

# participants_report_sql FROM TO [HINT]: the participants report by
# municipality as one statement, as one writes it for an engine's shell:
# unique participants with an enrolment overlapping FROM–TO (registration
# errors left out), by municipality, with women and men; HINT follows
# "FROM participants p" (sqlite3's INDEXED BY, sus.sh). The baseline of
# sus.sh and engines.sh.
participants_report_sql() {
	cat <<EOF
SELECT p.municipality_code,
       COUNT(*) AS total,
       SUM(CASE WHEN p.sex = 'female' THEN 1 ELSE 0 END) AS women,
       SUM(CASE WHEN p.sex = 'male' THEN 1 ELSE 0 END) AS men
FROM participants p${3:+ $3}
WHERE EXISTS (SELECT 1 FROM enrolments e
              WHERE e.participant_id = p.id
                AND e.start_date <= '$2' AND (e.end_date IS NULL OR e.end_date >= '$1')
                AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error'))
GROUP BY p.municipality_code
ORDER BY p.municipality_code;
EOF
}

# report_rows JSON: the participants report's answer (JSON) as the shells
# print the statement above ("code|total|women|men"), sorted; fails when
# the file is not such an answer.
report_rows() {
	node -e '
		const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const code = k => { for (const v of Object.values(k || {})) if (typeof v === "string" && /^\d{4}$/.test(v)) return v; return ""; };
		const lines = (r.rows || []).map(x => [code(x.key), x.total, x.women, x.men].join("|"));
		console.log(lines.sort().join("\n"));' "$1"
}

# employers_csv BINARY FILE: the company register extract of the employer
# benchmarks (employers.sh, import_lock.sh): `samsyn gen employers-csv` of
# $rows rows with seed $seed into FILE, read once more into the page cache.
# Sets gen_seconds (the generation's wall time, one decimal).
employers_csv() {
	local t0
	say "generating $rows rows (samsyn gen employers-csv --seed $seed)"
	t0=$(date +%s.%N)
	"$1" gen employers-csv --seed "$seed" "$rows" >"$2" || die "samsyn gen employers-csv failed"
	gen_seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	cat "$2" >/dev/null
}

# gen_database BINARY: the database of `samsyn gen` with $participants
# participants and $enrolments enrolments (seed $seed, today $data_today)
# and the admin "bench" (password $password), from the cache $cache_dir or
# made now (a minute or two; one cached database at a time), with the
# migrations added since applied. Sets gen_version, key, cache (its path)
# and gen_note; uses $tmp, and gen_pid for the caller's cleanup. The
# follow-up and matching benchmarks (sus.sh, matching.sh).
gen_database() {
	local bin=$1 forbund part
	gen_version=$("$bin" gen --version | awk '{ print $2 }')
	[[ -n $gen_version ]] || die "samsyn gen --version printed nothing"
	key=gen$gen_version-n$participants-m$enrolments-s$seed-$data_today
	cache=$cache_dir/$key.db
	mkdir -p "$cache_dir"
	if [[ ! -f $cache ]]; then
		# One cached database at a time: they are large (about 1.2 GB).
		rm -f "$cache_dir"/gen*.db "$cache_dir"/gen*.db-wal "$cache_dir"/gen*.db-shm "$cache_dir"/gen*.txt \
			"$cache_dir"/partial.*
		part=$cache_dir/partial.db
		say "generating $participants participants and $enrolments enrolments into ${cache#"$root"/} (a minute or two)"
		"$bin" gen --db "$part" --participants "$participants" --enrolments "$enrolments" --seed "$seed" \
			--today "$data_today" >"$tmp/gen.out" 2>"$tmp/gen.err" &
		gen_pid=$!
		wait "$gen_pid" || die "samsyn gen failed: $(cat "$tmp/gen.err" "$tmp/gen.out")"
		gen_pid=
		forbund=$(sqlite3 "$part" "SELECT id FROM orgs WHERE kind = 'forbund' ORDER BY id LIMIT 1")
		printf '%s\n' "$password" | "$bin" user add --db "$part" --username bench --name "Bänk Märk" \
			--org-id "$forbund" --role admin --password-stdin >/dev/null
		sqlite3 "$part" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
		{
			echo "generated $(date -u +%Y-%m-%dT%H:%M:%SZ) by samsyn $("$bin" version | cut -d' ' -f2), gen $gen_version:"
			cat "$tmp/gen.out"
		} >"$cache_dir/$key.txt"
		mv "$part" "$cache"
		rm -f "$part-wal" "$part-shm"
		gen_note="made in this run"
	else
		gen_note="from the cache"
	fi
	# Migrations added since the database was made are applied once, to the cache.
	"$bin" init --db "$cache" >/dev/null || die "samsyn init on the cached database failed"
	sqlite3 "$cache" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
}
