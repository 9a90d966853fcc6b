// openapi_lint.mjs — `redocly lint` on the OpenAPI document (assembled from
// src/api/spec/ by the build; its path is the argument) with the rules of
// redocly.yaml; fails on any error and on any warning (redocly itself exits
// non-zero only for errors), and on any problem hidden by a
// .redocly.lint-ignore.yaml: a rule that is wrong for this API is turned off
// in redocly.yaml, with the reason beside it. The CLI is web/'s devDependency @redocly/cli,
// installed by scripts/setup.sh (npm ci in web/).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const cli = path.join(REPO, "web", "node_modules", "@redocly", "cli", "bin", "cli.js");
const doc = process.argv[2];
if (!doc) {
    console.error("openapi_lint: name the assembled document (the build's openapi.json)");
    process.exit(1);
}
if (!existsSync(cli)) {
    console.error(`openapi_lint: ${cli} is missing; run scripts/setup.sh test (npm ci in web/)`);
    process.exit(1);
}
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" };
const lint = (format) =>
    spawnSync(process.execPath, [cli, "lint", doc, "--config", "redocly.yaml", `--format=${format}`], {
        cwd: REPO, env, encoding: "utf8", maxBuffer: 64 << 20,
    });

const r = lint("json");
let totals;
try {
    totals = JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))).totals;
} catch {
    console.error(`openapi_lint: no JSON from redocly (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
}
if (totals.errors === 0 && totals.warnings === 0 && totals.ignored === 0) {
    console.log(`openapi_lint: ${doc} lints clean`);
    process.exit(0);
}
// Say what is wrong the way redocly prints it.
const s = lint("stylish");
process.stdout.write(s.stdout);
process.stderr.write(s.stderr);
console.error(`openapi_lint: ${totals.errors} errors, ${totals.warnings} warnings, ${totals.ignored} ignored`);
process.exit(1);
