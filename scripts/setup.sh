#!/usr/bin/env bash
# setup.sh — installs what Samsyn needs on Debian 12, and nothing that is
# already there: quiet and quick when nothing is missing.
#   scripts/setup.sh run     build and serve (compiler, libraries, Node.js)
#   scripts/setup.sh test    + clang, sanitizer/fuzzer runtimes, cmocka, Chromium, sqlite3,
#                            poppler-utils (pdfinfo, pdftotext: the diploma test reads its PDF),
#                            postgresql (the pg_api_* tests' throwaway cluster, run as the
#                            system user samsyn-test, made here: PostgreSQL refuses root)
#                            nginx-light (the load balancer of tests/api/two_servers.test.mjs)
#   scripts/setup.sh bench   + wrk, nginx, curl, sqlite3, time (peak memory of imports), postgresql (bench/engines.sh),
#                            valgrind (bench/instructions.sh)
# Then installs the web UI's npm packages (web/node_modules) when
# package-lock.json has changed since the last install.
set -euo pipefail
profile=${1:-run}
cd "$(dirname "$0")/.."

pkgs=(gcc make cmake pkg-config ca-certificates
      libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev libxlsxwriter-dev
      libpwquality-dev cracklib-runtime libcurl4-openssl-dev
      libcairo2-dev libpango1.0-dev fonts-liberation2)
case "$profile" in
  run) ;;
  test) pkgs+=(clang libclang-rt-14-dev libfuzzer-14-dev libcmocka-dev chromium valgrind curl sqlite3 poppler-utils postgresql nginx-light) ;;
  bench) pkgs+=(wrk nginx-light curl sqlite3 time valgrind postgresql) ;;
  *) echo "setup.sh: unknown profile '$profile' (run, test or bench)" >&2; exit 2 ;;
esac
# Node.js: any machine-provided node/npm will do; otherwise Debian's.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup.sh: missing Debian packages: ${missing[*]}; run as root or install them" >&2
    exit 1
  fi
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The test cluster's owner (tests/pg_cluster.sh makes it too when missing).
if [ "$profile" = test ] && [ "$(id -u)" -eq 0 ] && ! id samsyn-test >/dev/null 2>&1; then
  useradd -r -M -d /nonexistent -s /usr/sbin/nologin samsyn-test
fi

# The UI's packages (FKUI, Vite, Playwright) need Node.js 20 or newer;
# Debian 12's own is 18. Then take Node 20 from the npm registry (its `node`
# package ships the binary) into build/node; the Makefile puts it first on PATH.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 20 ]; then
  echo "setup.sh: Node.js $(node --version) is too old; installing Node 20 into build/node"
  mkdir -p build/node
  npm install --no-audit --no-fund --loglevel=error --prefix build/node node@20 >/dev/null
  export PATH="$PWD/build/node/node_modules/.bin:$PATH"
fi

# npm ci only when the lock file changed since the last successful install.
stamp=web/node_modules/.samsyn-installed
if [ ! -f "$stamp" ] || [ web/package-lock.json -nt "$stamp" ]; then
  echo "setup.sh: installing the web UI's npm packages"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi
