// broad_lists.test.mjs — a participant list that matches more than 10 000
// (src/domain/participant.c, "Broad lists"): its count stops there and
// says so (`total_exact: false`), its pages go on past the bound, a narrow
// filter on the same data counts exactly, and its file holds every row and
// says "Fler än 10000 deltagare".

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, sqlDialect, startSamsyn } from "./lib.mjs";
import { readSheet } from "./xlsx.mjs";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let s, anna, admin;

before(async () => {
    // 10 100 participants AF registered; 30 of them (the last) in Trollhättan.
    s = await startSamsyn({
        sql: `
        INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'AF', 'af', 'x', 'x');
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 10099)
        INSERT INTO participants (id, personnummer, birth_date, first_name, last_name, anonymous, sex, birth_year, municipality_code,
          created_by_org_id, created_at, updated_at)
        SELECT 1 + i, '1990010' || ${sqlDialect.zeroPad("i", 5)}, '1990-01-01', 'F', 'N' || ${sqlDialect.zeroPad("i", 5)}, 0, 'female', 1990, CASE WHEN i >= 10070 THEN '1488' ELSE '1487' END, 2, 'x', 'x' FROM n;
    `,
        users: [
            { username: "anna", orgId: 2, roles: ["case_worker"] },
        ],
    });
    anna = await s.login("anna", GOOD_PASSWORD);
    admin = await s.login("admin", GOOD_PASSWORD);
});

after(() => s?.close());

test("the count stops at 10 000 and says so; pages go on past it", async () => {
    let r = await anna.get("/api/v1/participants?limit=50");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 10000);
    assert.equal(r.body.total_exact, false);
    assert.equal(r.body.items[0].last_name, "N00000");
    r = await anna.get("/api/v1/participants?limit=500&offset=10000");
    assert.equal(r.body.items.length, 100);
    assert.equal(r.body.items[99].last_name, "N10099");
    // A list that matches few is counted exactly, with no total_exact.
    r = await anna.get("/api/v1/participants?municipality_code=1488");
    assert.equal(r.body.total, 30);
    assert.equal(r.body.total_exact, undefined);
    // An administrator's unfiltered list is counted to the end.
    r = await admin.get("/api/v1/participants?limit=1");
    assert.equal(r.body.total, 10100);
    assert.equal(r.body.total_exact, undefined);
});

test("the file has every row, and says the count went further than it counted", async () => {
    const csv = await anna.get("/api/v1/participants?format=csv");
    assert.equal(csv.status, 200);
    assert.equal(csv.text.split("\r\n").filter(Boolean).length, 10101);
    const r = await anna.getBytes("/api/v1/participants?format=xlsx");
    assert.equal(r.contentType, XLSX);
    const sheet = readSheet(r.bytes);
    assert.match(sheet.rows.get(2)[0].value, /^Fler än 10000 deltagare/);
    assert.equal([...sheet.rows.keys()].filter((n) => n > sheet.frozenRows).length, 10100);
});
