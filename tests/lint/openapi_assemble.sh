#!/bin/sh
# openapi_assemble.sh — the OpenAPI document's assembly (cmake/openapi.cmake):
# the build's document (argument 2) holds every path and component of the
# parts in src/api/spec/ and nothing else, and a path or a component written
# in two parts is refused with a message that names it.
#   openapi_assemble.sh SOURCE_DIR BUILT_DOCUMENT
set -eu
src=$1
built=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every part's paths and components are in the document, and it has no other.
node -e '
const fs = require("fs"), path = require("path");
const [dir, built] = process.argv.slice(1);
const doc = JSON.parse(fs.readFileSync(built, "utf8"));
const want = { paths: [], components: [] };
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
	const part = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
	want.paths.push(...Object.keys(part.paths ?? {}));
	for (const [kind, items] of Object.entries(part.components ?? {}))
		want.components.push(...Object.keys(items).map((n) => kind + "/" + n));
}
const have = {
	paths: Object.keys(doc.paths),
	components: Object.entries(doc.components).flatMap(([kind, items]) => Object.keys(items).map((n) => kind + "/" + n)),
};
for (const k of ["paths", "components"]) {
	const a = [...want[k]].sort().join("\n"), b = [...have[k]].sort().join("\n");
	if (a !== b) { console.error(`openapi_assemble: the paths or components of the document are not those of the parts (${k})`); process.exit(1); }
}
if (!/^3\./.test(doc.openapi)) { console.error("openapi_assemble: no openapi version in the head"); process.exit(1); }
' "$src/src/api/spec" "$built"

# A path written in two parts is refused, naming the path.
mkdir "$tmp/spec"
cp "$src"/src/api/spec/*.json "$tmp/spec/"
node -e '
const fs = require("fs");
const f = process.argv[1] + "/health.json", part = JSON.parse(fs.readFileSync(f, "utf8"));
const [name, value] = Object.entries(part.paths)[0];
fs.writeFileSync(process.argv[1] + "/twice.json", JSON.stringify({ paths: { [name]: value } }));
' "$tmp/spec"
if cmake -DSPEC="$tmp/spec" -DOUTPUT="$tmp/doc.json" -P "$src/cmake/openapi.cmake" >"$tmp/out" 2>&1; then
	echo "openapi_assemble: a path in two parts was not refused" >&2
	exit 1
fi
grep -q "is in another file" "$tmp/out" || {
	echo "openapi_assemble: the refusal does not say why: $(cat "$tmp/out")" >&2
	exit 1
}
[ ! -e "$tmp/doc.json" ] || { echo "openapi_assemble: a refused assembly left a document" >&2; exit 1; }
echo "openapi_assemble: ok"
