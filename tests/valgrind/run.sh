#!/usr/bin/env bash
# run.sh — runs the uninstrumented release binary under valgrind memcheck:
# init, a small generated förbund (samsyn gen), serve, requests across the
# API (health, a failed and a good login, lists, a participant, reports as
# JSON and CSV, the SUS export, a CSV import good and bad, logout), then
# SIGTERM. Fails on any memcheck error or definite leak but fontconfig's
# own (fontconfig.supp).
# Usage: run.sh SAMSYN_BIN
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
srv=
cleanup() { [ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --track-fds=no --suppressions="$(dirname "$0")/fontconfig.supp")

"${vg[@]}" "$bin" init --db "$tmp/t.db" >"$tmp/init.out"
"${vg[@]}" "$bin" gen --db "$tmp/t.db" --participants 300 --seed 7 --quiet >/dev/null
printf 'valgrind-pass-123\n' | "${vg[@]}" "$bin" user add --db "$tmp/t.db" --username vg --name VG \
  --org-id 1 --role admin --password-stdin >/dev/null
"${vg[@]}" "$bin" serve --db "$tmp/t.db" --listen 127.0.0.1:0 --threads 2 2>"$tmp/serve.log" &
srv=$!
for _ in $(seq 1 200); do grep -q 'url=' "$tmp/serve.log" && break; sleep 0.1; done
url=$(grep -o 'url=[^ ]*' "$tmp/serve.log" | head -1 | cut -d= -f2)
[ -n "$url" ] || { cat "$tmp/serve.log"; echo "server did not start"; exit 1; }

curl -fsS "$url/api/v1/health" >/dev/null
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"username":"vg","password":"wrong-password-1"}' "$url/api/v1/session")
[ "$code" = 401 ] || { echo "bad login answered $code"; exit 1; }
curl -fsS -c "$tmp/jar" -o "$tmp/login.json" -H 'Content-Type: application/json' \
  -d '{"username":"vg","password":"valgrind-pass-123"}' "$url/api/v1/session"
csrf=$(sed -E 's/.*"csrf_token":"([^"]+)".*/\1/' "$tmp/login.json")
curl -fsS -b "$tmp/jar" "$url/api/v1/users?limit=10" >/dev/null
curl -fsS -b "$tmp/jar" "$url/api/v1/audit" >/dev/null
for path in interventions "participants?limit=20" participants/1 "enrolments?participant_id=1" code-lists \
  "reports/participants?by=age_band&from=2020-01-01&to=2030-12-31" \
  "reports/participants?by=municipality&from=2020-01-01&to=2030-12-31&suppress=5&format=csv" \
  "reports/attendees?by=format&from=2020-01-01&to=2030-12-31" "reports/occupation?from=2020-01-01&to=2030-12-31" \
  "reports/income-transitions?from=2020-01-01&to=2030-12-31" "reports/costs" "reports/funding" "reports/goals" \
  "reports/interventions" "reports/sus-export?from=2020-01-01&to=2030-12-31"; do
  curl -fsS -b "$tmp/jar" "$url/api/v1/$path" >/dev/null || { echo "GET $path failed"; exit 1; }
done
printf 'personnummer,first_name,last_name\n19900101-0017,Sven,Svensson\n' >"$tmp/good.csv"
printf 'personnummer,first_name,last_name\n19900101-0018,Fel,Siffra\n' >"$tmp/bad.csv"
for f in good:200 bad:422; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
    --data-binary "@$tmp/${f%%:*}.csv" "$url/api/v1/participants/import")
  [ "$code" = "${f##*:}" ] || { echo "import of ${f%%:*}.csv answered $code"; exit 1; }
done
# The employer register: an import, a search, a contact with its warning check, the reports.
printf 'orgnr,name,sni_code,size_class,municipality_code\n556036-0793,Volvo Personvagnar AB,29101,500+,1480\n' >"$tmp/emp.csv"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
  --data-binary "@$tmp/emp.csv" "$url/api/v1/employers/import")
[ "$code" = 200 ] || { echo "employer import answered $code"; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"date":"2026-01-05","channel":"phone","purpose":"recruitment","stage":1}' "$url/api/v1/employers/1/contacts")
[ "$code" = 201 ] || { echo "employer contact answered $code"; exit 1; }
for path in "employers?q=volvo" employers/1 employers/1/contacts employers/1/recent-contacts employer-contacts \
  "reports/employers?by=sni_section,size_class" "reports/employers?by=municipality&format=csv" reports/needs \
  "reports/contacts?from=2026-01-01&to=2026-12-31" "reports/ips?from=2026-01-01&to=2026-12-31"; do
  curl -fsS -b "$tmp/jar" "$url/api/v1/$path" >/dev/null || { echo "GET $path failed"; exit 1; }
done
curl -fsS -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -X DELETE "$url/api/v1/session" >/dev/null

kill -TERM "$srv"
rc=0
wait "$srv" || rc=$?
srv=
if [ "$rc" -ne 0 ] || grep -q '==[0-9]*==' "$tmp/serve.log"; then
  cat "$tmp/serve.log"
  echo "valgrind: serve exited $rc"
  exit 1
fi
echo "valgrind: clean"
