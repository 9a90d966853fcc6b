# Makefile — the two commands of the README, and a few more.
#   make run    set up, build (Release) and serve on http://127.0.0.1:8080
#   make test   set up, build with sanitizers and run every test through ctest
#   make bench  the benchmarks of docs/performance.md (bench/run.sh, bench/sus.sh, bench/employers.sh,
#               bench/diplomas.sh, bench/registrations.sh, bench/matching.sh,
#               bench/guidance.sh, bench/plans.sh, bench/engines.sh)
#   make bench-sus  only the follow-up benchmark (1 000 000 participants)
#   make bench-employers  only the employer register benchmark (1 200 000 employers)
#   make bench-diplomas  only the diploma benchmark (500 diplomas as one PDF)
#   make bench-registrations  only the registration benchmark (2 000 posts at once to 30 seats)
#   make bench-matching  only the matching benchmark (candidates and matches at 1 000 000 participants)
#   make bench-guidance  only the SYV booking benchmark (64 clients booking the same 100 times at once)
#   make bench-plans  only the joint plan benchmark (handover inbox and re-actualisation list, 300 000 plans)
#   make bench-engines  only PostgreSQL beside SQLite (the user list against nginx, writes through nginx to 1 and 2 servers,
#               the participants report at 1 000 000 participants against psql, the employer import against psql \copy)
#   make fuzz   a long fuzz run (FUZZ_SECONDS, default 600)
# Builds live in build/; the database of `make run` in data/samsyn.db.

JOBS ?= $(shell nproc)
# Node 20 from scripts/setup.sh when the system's is older; harmless otherwise.
export PATH := $(CURDIR)/build/node/node_modules/.bin:$(PATH)
DB ?= data/samsyn.db
LISTEN ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 600
WEB_SOURCES := $(shell find web/src web/public web/index.html web/vite.config.ts web/tsconfig.json web/package-lock.json -type f -not -path 'web/src/classifications/*' -not -path 'web/src/generated/*' 2>/dev/null) \
	web/package.json $(wildcard src/api/spec/*.json) cmake/openapi.cmake src/se/data/sni2007.csv src/se/data/ssyk2012.csv src/se/data/kommuner.csv scripts/gen-web-classifications.mjs

.PHONY: run test bench bench-sus bench-employers bench-diplomas bench-registrations bench-matching bench-guidance bench-plans bench-engines fuzz build web clean setup-run setup-test setup-bench

run: setup-run build web
	@mkdir -p $(dir $(DB))
	build/release/samsyn init --db $(DB)
	build/release/samsyn serve --db $(DB) --listen $(LISTEN) --web-root web/dist

test: setup-test build web
	CC=clang cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DSAMSYN_SANITIZE=ON \
		-DSAMSYN_TESTS=ON -DSAMSYN_FUZZ=ON -DSAMSYN_E2E=ON \
		-DSAMSYN_RELEASE_BIN=$(CURDIR)/build/release/samsyn >/dev/null
	cmake --build build/test -j $(JOBS)
	cd build/test && ctest --output-on-failure -j $(JOBS)

bench: setup-bench build
	bench/run.sh build/release/samsyn
	bench/sus.sh build/release/samsyn
	bench/employers.sh build/release/samsyn
	bench/diplomas.sh
	bench/registrations.sh build/release/samsyn
	bench/matching.sh build/release/samsyn
	bench/guidance.sh build/release/samsyn
	bench/plans.sh build/release/samsyn
	bench/engines.sh build/release/samsyn

bench-sus: setup-bench build
	bench/sus.sh build/release/samsyn

bench-employers: setup-bench build
	bench/employers.sh build/release/samsyn

bench-diplomas: setup-bench
	bench/diplomas.sh

bench-registrations: setup-bench build
	bench/registrations.sh build/release/samsyn

bench-matching: setup-bench build
	bench/matching.sh build/release/samsyn

bench-guidance: setup-bench build
	bench/guidance.sh build/release/samsyn

bench-plans: setup-bench build
	bench/plans.sh build/release/samsyn

bench-engines: setup-bench build
	bench/engines.sh build/release/samsyn

fuzz: setup-test
	CC=clang cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DSAMSYN_SANITIZE=ON \
		-DSAMSYN_TESTS=ON -DSAMSYN_FUZZ=ON >/dev/null
	cmake --build build/test -j $(JOBS) --target fuzz_request
	tests/fuzz/run.sh build/test/tests/fuzz_request $(FUZZ_SECONDS) tests/fuzz/corpus build/test/fuzz-corpus

setup-run:
	@scripts/setup.sh run
setup-test:
	@scripts/setup.sh test
setup-bench:
	@scripts/setup.sh bench

build:
	@cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build/release -j $(JOBS)

web: web/dist/index.html
web/dist/index.html: $(WEB_SOURCES)
	cd web && npm run build --silent
	@touch $@

clean:
	rm -rf build web/dist
