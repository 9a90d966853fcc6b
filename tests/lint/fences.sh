#!/bin/sh
# fences.sh — the layer rules of docs/architecture.md that the compiler does
# not check by itself. store.h refuses to be included above the domain
# (SAMSYN_NO_STATEMENTS, set by CMakeLists.txt for src/api, src/http and
# src/cli), but a file could still declare a statement function itself or
# write SQL into a string: this catches that, and every include that runs
# up a layer. Usage: fences.sh REPO_ROOT
cd "${1:?usage: fences.sh REPO_ROOT}" || exit 2
fail=0
# $1: what is wrong; $2: an extended regex; the rest: the files to search.
refuse() {
	what=$1 re=$2
	shift 2
	if hits=$(grep -nE "$re" "$@"); then
		printf 'fences: %s:\n%s\n' "$what" "$hits"
		fail=1
	fi
}
above=$(ls src/api/*.c src/api/*.h src/http/*.c src/http/*.h src/cli/*.c src/mail/*.c src/mail/*.h)
# shellcheck disable=SC2086
refuse "src/api, src/http and src/cli reach data through src/domain (no statements, no SQL)" \
	'store/store\.h|sql_params\.h|\bstmt_|\bstore_(prepare|begin|commit|rollback|exec_script|bulk_|load_)|\b(SELECT|INSERT INTO|DELETE FROM) |\bUPDATE [a-z_]+ SET\b' \
	$above
refuse "src/http knows only HTTP (base/ and itself)" '#include "\.\./(api|domain|store|report|se|cli)/' \
	src/http/*.c src/http/*.h
refuse "src/domain has no HTTP" '#include "(\.\./)+(api|http|cli)/' src/domain/*.c src/domain/*.h src/domain/*/*.c src/domain/*/*.h
refuse "src/store and src/base know no layer above them" '#include "\.\./(api|http|domain|report|se|cli)/' \
	src/store/*.c src/store/*.h src/base/*.c src/base/*.h
[ $fail = 0 ] && echo "fences: ok"
exit $fail
