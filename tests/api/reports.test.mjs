// reports.test.mjs — the /reports endpoints against a real server: the JSON
// shape of API.md, unique counting and the period rule on a seeded
// database, the default period, groupings, suppression (by default for
// every role without participant access, with the settings' threshold;
// totals kept; null, "suppressed" and the list of hidden cells; ".." and a
// note in CSV), CSV downloads (format=csv and Accept:
// text/csv: BOM, ';', decimal comma, quoting, Content-Disposition),
// parameter errors (422 naming the parameter), who may read what, and the
// SUS export (personnummer only for people the user may see, audited).
//
// The database is seeded with the sqlite3 command-line tool (s.sql of
// lib.mjs) before the server starts: exact rows, edge dates included.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, Samsyn, assertProblem, invalidNames } from "./lib.mjs";
import { readSheet, rowValues } from "./xlsx.mjs";

// "Today" for the server: the default period is 2024, and its last day, so
// that the whole year has happened (reports count nothing after today:
// dates.test.mjs).
process.env.SAMSYN_TODAY = "2024-12-31";

// Participants 1–4 are in 2024; 5 has only a registration error, 6 ended in
// 2023, 7 starts in 2025. Org 2 (AF) owns Steget, org 3 (FK) Arbetslust.
const SEED = `
INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'AF', 'af', 'x', 'x'), (3, 'FK', 'fk', 'x', 'x');
INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
 (100, 'Steget', 'individual', 2, '2020-01-01', NULL, 'active', 'participants', 'x', 'x'),
 (101, 'Arbetslust; "AL"', 'competence', 3, '2023-01-01', NULL, 'active', 'participants', 'x', 'x'),
 (102, 'Mentorskap', 'structural', 1, '2022-01-01', NULL, 'active', 'volume', 'x', 'x');
INSERT INTO participants (id, personnummer, first_name, last_name, anonymous, sex, birth_year, municipality_code, created_at, updated_at) VALUES
 (1, '199001011111', 'Eva', 'Ek', 0, 'female', 1990, '1488', 'x', 'x'),
 (2, '200002022222', 'Bo', 'Al', 0, 'male', 2000, '1488', 'x', 'x'),
 (3, NULL, NULL, NULL, 1, 'female', 1960, '1487', 'x', 'x'),
 (4, '200904044444', 'Ali', 'Al', 0, 'male', 2009, NULL, 'x', 'x'),
 (5, '198005055555', 'Liv', 'Ås', 0, 'female', 1980, '1487', 'x', 'x'),
 (6, '198506066666', 'Per', 'Ås', 0, 'male', 1985, '1462', 'x', 'x'),
 (7, '199507077777', 'Mia', 'Ås', 0, 'female', 1995, '1462', 'x', 'x');
INSERT INTO participant_target_groups (participant_id, code) VALUES (1, 'A'), (2, 'A'), (2, 'B'), (3, 'B');
INSERT INTO enrolments (id, participant_id, intervention_id, start_date, end_date, occupation_before, outcome, exit_reason, created_at, updated_at) VALUES
 (1, 1, 100, '2023-06-01', '2024-01-01', 'job_seeking', 'work', 'completed', 'x', 'x'),
 (2, 1, 101, '2024-03-01', NULL, 'job_seeking', NULL, NULL, 'x', 'x'),
 (3, 2, 100, '2024-02-01', '2024-06-30', 'job_seeking', 'studies', 'completed', 'x', 'x'),
 (4, 2, 100, '2024-09-01', '2024-12-31', 'studies', 'work', 'completed', 'x', 'x'),
 (5, 3, 101, '2020-01-01', NULL, 'sick_leave', NULL, NULL, 'x', 'x'),
 (6, 4, 100, '2024-12-31', NULL, 'other', NULL, NULL, 'x', 'x'),
 (7, 5, 100, '2024-03-01', '2024-04-01', 'job_seeking', 'work', 'registration_error', 'x', 'x'),
 (8, 6, 100, '2023-01-01', '2023-12-31', 'job_seeking', 'work', 'completed', 'x', 'x'),
 (9, 7, 100, '2025-01-01', NULL, 'job_seeking', NULL, NULL, 'x', 'x');
INSERT INTO enrolment_income_sources (enrolment_id, phase, code) VALUES
 (1, 'start', 'social_assistance'), (1, 'exit', 'salary'), (3, 'start', 'social_assistance'), (3, 'exit', 'student_aid'),
 (4, 'start', 'social_assistance'), (4, 'exit', 'salary'), (7, 'start', 'social_assistance'), (7, 'exit', 'salary');
INSERT INTO attendees (intervention_id, first_name, last_name, sex, email, organisation_name, format, date, person_key, created_at) VALUES
 (102, 'Anna', 'Ek', 'female', 'anna@x.se', NULL, 'in_person', '2024-02-01', 'anna|ek|anna@x.se', 'x'),
 (102, 'Anna', 'Ek', 'female', 'anna@x.se', NULL, 'webinar', '2024-03-01', 'anna|ek|anna@x.se', 'x'),
 (102, 'Bo', 'Ek', 'male', NULL, 'Firma', 'in_person', '2024-04-01', 'bo|ek|firma', 'x');
INSERT INTO volumes (intervention_id, period_start, period_end, women, men, created_at) VALUES (102, '2024-01-01', '2024-06-30', 10, 7, 'x');
INSERT INTO intervention_budgets (intervention_id, year, funder, amount_sek, actual_sek) VALUES
 (100, 2024, 'state', 100000, 90000), (100, 2024, 'municipality', 50000, NULL), (101, 2024, 'region', 30000, NULL),
 (102, 2024, 'esf', 20000, 25000);
INSERT INTO intervention_goals (intervention_id, year, indicator, target) VALUES
 (100, 2024, 'participants', 6), (102, 2024, 'mentors_trained', 65);
` + SEED_2021();

// 2021, for suppression: Utsikt (103) has 30 + 25 people in 1480, 12 + 14 in
// 1481 and one woman in 1482; Ensam (104) one woman born 1980 from 1484, on
// one day, 2021-05-05. With anonymous participant 3 (1487, open since 2020)
// the year has 84 people, 45 women and 39 men.
function SEED_2021() {
    const people = [];
    const enrolments = [];
    let id = 1000;
    const add = (muni, sex, n, iv, start, end, born = 1985) => {
        for (let i = 0; i < n; i++, id++) {
            people.push(`(${id}, NULL, NULL, NULL, 1, '${sex}', ${born}, '${muni}', 'x', 'x')`);
            enrolments.push(`(${id}, ${id}, ${iv}, '${start}', '${end}', 'x', 'x')`);
        }
    };
    add("1480", "female", 30, 103, "2021-02-01", "2021-11-30");
    add("1480", "male", 25, 103, "2021-02-01", "2021-11-30");
    add("1481", "female", 12, 103, "2021-02-01", "2021-11-30");
    add("1481", "male", 14, 103, "2021-02-01", "2021-11-30");
    add("1482", "female", 1, 103, "2021-02-01", "2021-11-30");
    add("1484", "female", 1, 104, "2021-05-05", "2021-05-05", 1980);
    return `
INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
 (103, 'Utsikt', 'individual', 2, '2021-01-01', '2021-12-31', 'ended', 'participants', 'x', 'x'),
 (104, 'Ensam', 'individual', 2, '2021-01-01', '2021-12-31', 'ended', 'participants', 'x', 'x');
INSERT INTO participants (id, personnummer, first_name, last_name, anonymous, sex, birth_year, municipality_code, created_at, updated_at) VALUES
 ${people.join(",\n ")};
INSERT INTO enrolments (id, participant_id, intervention_id, start_date, end_date, created_at, updated_at) VALUES
 ${enrolments.join(",\n ")};
`;
}

let s;
const c = {}; // logged-in clients by role
const Y = "from=2024-01-01&to=2024-12-31";

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(SEED);
    s.addUser({ username: "rut", roles: ["reader"] });
    s.addUser({ username: "kalle", roles: ["kansli"] });
    s.addUser({ username: "anna", orgId: 2, roles: ["case_worker"] });
    s.addUser({ username: "fia", orgId: 3, roles: ["case_worker"] });
    s.addUser({ username: "tore", roles: ["trainer"] });
    s.addUser({ username: "ebba", roles: ["employer_contact"] });
    await s.start();
    const names = { admin: "admin", reader: "rut", kansli: "kalle", anna: "anna", fia: "fia", trainer: "tore", employer: "ebba" };
    // Over node:http (localAddress): fetch would strip the byte-order mark the CSV tests look for.
    for (const [role, user] of Object.entries(names)) c[role] = await s.login(user, GOOD_PASSWORD, { localAddress: "127.0.0.1" });
});

after(() => s?.close());

const get = async (client, path, opts) => {
    const r = await client.get(`/api/v1/reports/${path}`, opts);
    return r;
};
const json = async (client, path) => {
    const r = await get(client, path);
    assert.equal(r.status, 200, `${path}: ${r.status} ${r.text}`);
    assert.match(r.contentType, /^application\/json/);
    return r.body;
};
const BOM = "\uFEFF";

test("participants by municipality: the shape of API.md, unique people, the period rule", async () => {
    const body = await json(c.admin, `participants?${Y}&by=municipality`);
    assert.deepEqual(body, {
        rows: [
            { key: { municipality_code: "1487" }, total: 1, women: 1, men: 0, share: 25 },
            { key: { municipality_code: "1488" }, total: 2, women: 1, men: 1, share: 50 },
            { key: { municipality_code: null }, total: 1, women: 0, men: 1, share: 25 },
        ],
        total: { total: 4, women: 2, men: 2 },
    });
    // The default: this year (2024 for the server), by municipality.
    assert.deepEqual(await json(c.admin, "participants"), body);
    assert.deepEqual(await json(c.admin, "participants?year=2024&from=&to="), body);
    // A period of one day on each side of the boundaries.
    let b = await json(c.admin, "participants?from=2023-12-31&to=2023-12-31&by=sex");
    assert.deepEqual(b.total, { total: 3, women: 2, men: 1 }); // 1, 3 and 6
    b = await json(c.admin, "participants?from=2024-12-31&to=2024-12-31&by=sex");
    assert.deepEqual(b.total, { total: 4, women: 2, men: 2 }); // 1, 3 and 4 running, 2 ending
    // The day after today has not happened: no one, not even 1, 3 and 4
    // who run on, nor 7 who starts then.
    b = await json(c.admin, "participants?from=2025-01-01&to=2025-01-01&by=sex");
    assert.deepEqual(b.total, { total: 0, women: 0, men: 0 });
});

test("participants: groupings with overlapping rows keep a unique total", async () => {
    let b = await json(c.admin, `participants?${Y}&by=target_group`);
    assert.deepEqual(
        b.rows.map((r) => [r.key.target_group, r.total]),
        [["A", 2], ["B", 2], [null, 1]],
    );
    assert.equal(b.total.total, 4);
    assert.equal(b.rows[0].share, 50);

    b = await json(c.admin, `participants?${Y}&by=intervention`);
    assert.deepEqual(b.rows.map((r) => [r.key.intervention, r.key.intervention_id, r.women, r.men]), [
        ['Arbetslust; "AL"', 101, 2, 0],
        ["Steget", 100, 1, 2],
    ]);
    assert.deepEqual(b.total, { total: 4, women: 2, men: 2 });

    b = await json(c.admin, `participants?${Y}&by=age_band`);
    assert.equal(b.rows.length, 9);
    assert.deepEqual(b.rows[0], { key: { age_band: "under_16" }, total: 1, women: 0, men: 1, share: 25 });
    assert.equal(b.rows.find((r) => r.key.age_band === "60-64").women, 1);

    b = await json(c.admin, `participants?${Y}&by=outcome`);
    assert.equal(b.rows[0].key.outcome, "work");
    assert.equal(b.rows[0].men, 1); // 2's latest enrolment
    const running = b.rows.find((r) => r.key.outcome === null);
    assert.deepEqual([running.women, running.men], [2, 1]); // 1, 3 and 4

    b = await json(c.admin, `participants?${Y}&by=municipality&intervention_id=101`);
    assert.deepEqual(b.total, { total: 2, women: 2, men: 0 });
});

test("suppress=N (admin): small counts hidden, and every cell that would give them back", async () => {
    // 2024 has four people: 1 woman in 1487, 1 + 1 in 1488, 1 man without
    // municipality. Each hidden cell is at least 1 and they sum to the total
    // 4, so the total would give every one back: it is hidden too.
    const b = await json(c.admin, `participants?${Y}&by=municipality&suppress=2`);
    assert.deepEqual(b.rows[0], { key: { municipality_code: "1487" }, total: null, women: null, men: 0, share: null, suppressed: true });
    assert.deepEqual(b.rows[1], { key: { municipality_code: "1488" }, total: null, women: null, men: null, share: null, suppressed: true });
    assert.deepEqual(b.total, { total: null, women: null, men: null, suppressed: true });
    assert.equal(b.suppression.threshold, 2);
    assert.deepEqual(b.suppression.cells.filter((p) => p.startsWith("/total")), ["/total/total", "/total/women", "/total/men"]);
    // Overlapping rows (target groups): no column relation, the total stays.
    const t = await json(c.admin, `participants?${Y}&by=target_group&suppress=2`);
    assert.deepEqual(t.total, { total: 4, women: 2, men: 2 });
    // Nothing below the threshold: nothing hidden, the threshold still told.
    const none = await json(c.admin, `participants?${Y}&by=sex&suppress=2`);
    assert.ok(none.rows.every((r) => !("suppressed" in r)));
    assert.deepEqual(none.suppression, { threshold: 2, cells: [] });
    // Admin is not suppressed unless she asks; nor is a case worker in a
    // report limited to an intervention of her organisation (Anna: AF's
    // Steget), but she is over every intervention (access.h).
    let u = await json(c.admin, `participants?${Y}&by=municipality`);
    assert.ok(!("suppression" in u), JSON.stringify(u));
    assert.deepEqual(u.total, { total: 4, women: 2, men: 2 });
    u = await json(c.anna, `participants?${Y}&by=municipality&intervention_id=100`);
    assert.ok(!("suppression" in u), JSON.stringify(u));
    assert.deepEqual(u.total, { total: 3, women: 1, men: 2 });
    u = await json(c.anna, `participants?${Y}&by=municipality`);
    assert.equal(u.suppression.threshold, 5);
    u = await json(c.anna, `participants?${Y}&by=municipality&intervention_id=101`);
    assert.equal(u.suppression.threshold, 5);
});

test("roles without participant access get suppression by default, with the settings' threshold", async () => {
    for (const role of ["reader", "kansli", "trainer", "employer"]) {
        const b = await json(c[role], "participants?year=2021&by=municipality");
        assert.equal(b.suppression.threshold, 5, role);
        // 84 people in the year: the total and its split are shown although
        // municipalities have a single woman (the outside finding hid 1 400 for one).
        assert.deepEqual(b.total, { total: 84, women: 45, men: 39 }, role);
        const row = (m) => b.rows.find((r) => r.key.municipality_code === m);
        assert.deepEqual(row("1480"), { key: { municipality_code: "1480" }, total: 55, women: 30, men: 25, share: 65.5 });
        for (const m of ["1482", "1484", "1487"])
            assert.deepEqual(row(m), { key: { municipality_code: m }, total: null, women: null, men: 0, share: null, suppressed: true });
        // 1482, 1484 and 1487 would be 84 − 55 − 26 = 3 together, so 1 each:
        // 1481's total (and then its women) are hidden to protect them.
        assert.deepEqual(row("1481"), { key: { municipality_code: "1481" }, total: null, women: null, men: 14, share: null, suppressed: true });
        assert.deepEqual(b.suppression.cells, [1, 2, 3, 4].flatMap((i) => [`/rows/${i}/total`, `/rows/${i}/women`]));
    }
    // They cannot lower it: a smaller suppress is raised to the threshold …
    let b = await json(c.reader, "participants?year=2021&by=municipality&suppress=2");
    assert.equal(b.suppression.threshold, 5);
    assert.equal(b.rows.find((r) => r.key.municipality_code === "1482").total, null);
    // … a larger one is kept, and suppress=0 is refused (as from anyone).
    b = await json(c.reader, "participants?year=2021&by=municipality&suppress=30");
    assert.equal(b.suppression.threshold, 30);
    assert.equal(b.total.total, 84);
    assert.equal(b.rows.find((r) => r.key.municipality_code === "1481").total, null); // 26 < 30
    assert.deepEqual(invalidNames(await get(c.reader, "participants?year=2021&suppress=0")), ["suppress"]);

    // The threshold is a setting: admin and kansli change it (2–100), others may not.
    const t = await c.reader.get("/api/v1/settings");
    assert.equal(t.body.suppression_threshold, 5);
    assertProblem(await c.reader.patch("/api/v1/settings", { suppression_threshold: 2 }), 403, "forbidden");
    assertProblem(await c.anna.patch("/api/v1/settings", { suppression_threshold: 2 }), 403, "forbidden");
    for (const bad of [1, 101, "3", 2.5])
        assert.deepEqual(invalidNames(await c.admin.patch("/api/v1/settings", { suppression_threshold: bad })), ["suppression_threshold"], String(bad));
    let r = await c.kansli.patch("/api/v1/settings", { suppression_threshold: 3 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.suppression_threshold, 3);
    assert.equal(r.body.recent_contact_days, 14);
    assert.match(s.sql("SELECT detail FROM audit_events WHERE entity = 'settings' ORDER BY id DESC LIMIT 1;"), /^suppression_threshold$/m);
    b = await json(c.reader, `participants?${Y}&by=sex`);
    assert.equal(b.suppression.threshold, 3);
    assert.deepEqual(b.rows.find((x) => x.key.sex === "female"), { key: { sex: "female" }, total: null, women: null, men: 0, share: null, suppressed: true });
    r = await c.admin.patch("/api/v1/settings", { suppression_threshold: 5 });
    assert.equal(r.status, 200, r.text);
});

test("one person in one intervention on one day is not identifiable", async () => {
    // The outside finding: "total 1, a woman aged 40–49" for a reader.
    const q = "from=2021-05-05&to=2021-05-05&intervention_id=104";
    for (const by of ["age_band", "municipality", "sex", "intervention", "target_group", "outcome"]) {
        const b = await json(c.reader, `participants?${q}&by=${by}`);
        const counts = [...b.rows, b.total].flatMap((r) => [r.total, r.women, r.men]);
        assert.ok(counts.every((v) => v === null || v === 0), `${by}: ${JSON.stringify(b)}`);
        assert.deepEqual(b.total, { total: null, women: null, men: 0, suppressed: true }, by);
    }
    const b = await json(c.reader, `participants?${q}&by=age_band`);
    assert.deepEqual(b.rows.find((r) => r.key.age_band === "40-49"), { key: { age_band: "40-49" }, total: null, women: null, men: 0, share: null, suppressed: true });
    const r = await get(c.reader, `participants?${q}&by=age_band&format=csv`);
    const lines = r.text.replace(/\r\n$/, "").split("\r\n");
    assert.equal(lines.find((l) => l.startsWith("40-49")), "40-49;..;..;0;");
    assert.equal(lines.at(-2), "Totalt;..;..;0;");
    assert.equal(lines.at(-1), ".. = färre än 5 personer eller dold för att skydda en annan cell");
    assert.ok(!/(^|;)[1-4](;|$)/m.test(r.text), r.text);
    // Every participant report: no count from 1 to 4 reaches a reader.
    const small = (v) => typeof v === "number" && v >= 1 && v <= 4;
    const walk = (v, path) => {
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}/${i}`));
        else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) { if (!["key", "suppression", "intervention_id", "target", "year", "progress"].includes(k) && !k.endsWith("_sek")) walk(x, `${path}/${k}`); }
        else assert.ok(!small(v), `${path} = ${v}`);
    };
    for (const path of [`attendees?${Y}`, `occupation?${Y}`, `work-or-studies?${Y}`, `income-transitions?${Y}`, "interventions?year=2024", "costs?year=2024", "goals?year=2024"]) {
        const body = await json(c.reader, path);
        assert.equal(body.suppression.threshold, 5, path);
        walk(body, path);
    }
});

test("CSV: format=csv and Accept: text/csv", async () => {
    let r = await get(c.admin, `participants?${Y}&by=municipality&format=csv`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.contentType, /^text\/csv; charset=utf-8/);
    assert.equal(
        r.headers.get("content-disposition"),
        'attachment; filename="samsyn-deltagare-municipality-2024-01-01_2024-12-31.csv"',
    );
    assert.equal(
        r.text,
        BOM + "Kommunkod;Kommun;Totalt;Kvinnor;Män;Andel (%)\r\n1487;Vänersborg;1;1;0;25,0\r\n1488;Trollhättan;2;1;1;50,0\r\n;;1;0;1;25,0\r\nTotalt;;4;2;2;100,0\r\n",
    );
    r = await get(c.admin, `participants?${Y}&by=municipality&suppress=3`, { headers: { Accept: "text/csv" } });
    assert.match(r.contentType, /^text\/csv/);
    assert.equal(r.text.split("\r\n")[1], "1487;Vänersborg;..;..;0;");
    assert.ok(r.text.endsWith("\r\n.. = färre än 3 personer eller dold för att skydda en annan cell\r\n"), r.text);
    // A name with ; and " is quoted.
    r = await get(c.admin, `participants?${Y}&by=intervention&format=csv`);
    assert.equal(r.text.split("\r\n")[0], BOM + "Insats;Insats-id;Totalt;Kvinnor;Män;Andel (%)");
    assert.equal(r.text.split("\r\n")[1], '"Arbetslust; ""AL""";101;2;2;0;50,0');
    // format=json wins over Accept.
    r = await get(c.admin, `participants?${Y}&format=json`, { headers: { Accept: "text/csv" } });
    assert.match(r.contentType, /^application\/json/);
});

test("parameter errors name the parameter (422)", async () => {
    const cases = [
        ["participants?by=kommun", "by"],
        ["participants?from=2024-13-01", "from"],
        ["participants?from=2024-05-01&to=2024-04-30", "to"],
        ["participants?suppress=1", "suppress"],
        ["participants?suppress=x", "suppress"],
        ["participants?intervention_id=abc", "intervention_id"],
        ["participants?intervention_id=999", "intervention_id"],
        ["participants?format=xml", "format"],
        ["participants?format=pdf", "format"],
        ["attendees?by=municipality", "by"],
        ["costs?year=1800", "year"],
        ["sus-export?to=x", "to"],
    ];
    for (const [path, name] of cases) {
        const r = await get(c.admin, path);
        assert.deepEqual(invalidNames(r), [name], path);
    }
});

test("every role reads reports; the SUS export needs participant access or kansli", async () => {
    for (const role of ["admin", "reader", "kansli", "anna", "trainer", "employer"]) {
        const r = await get(c[role], `participants?${Y}`);
        assert.equal(r.status, 200, `${role}: ${r.status}`);
    }
    assertProblem(await s.client().get("/api/v1/reports/participants"), 401, "unauthorized");
    for (const role of ["reader", "trainer", "employer"]) assertProblem(await get(c[role], "sus-export"), 403, "forbidden");
});

test("SUS export: one line per enrolment, personnummer only where the user may see it, audited", async () => {
    const lines = (t) => t.replace(/\r\n$/, "").split("\r\n");
    let r = await get(c.admin, `sus-export?${Y}`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.contentType, /^text\/csv/);
    assert.equal(r.headers.get("content-disposition"), 'attachment; filename="samsyn-sus-export-2024-01-01_2024-12-31.csv"');
    let l = lines(r.text);
    assert.equal(
        l[0],
        BOM +
            "insats_id;insats;deltagare_id;personnummer;kon;fodelsear;kommunkod;kommun;startdatum;slutdatum;" +
            "sysselsattning_fore;sysselsattning_fore_benamning;utbildningsniva;utbildningsniva_benamning;" +
            "tid_i_offentlig_forsorjning;tid_i_offentlig_forsorjning_benamning;forsorjning_fore;forsorjning_fore_benamning;" +
            "sysselsattning_efter;sysselsattning_efter_benamning;avslutsorsak;avslutsorsak_benamning;" +
            "forsorjning_efter;forsorjning_efter_benamning;uppfoljning_6_man;uppfoljning_6_man_benamning;" +
            "uppfoljning_12_man;uppfoljning_12_man_benamning",
    );
    assert.equal(l.length, 1 + 6); // enrolments 1–6
    // SUS's Swedish category names beside the codes, the municipality's name beside its code.
    assert.equal(
        l[1],
        "100;Steget;1;199001011111;K;1990;1488;Trollhättan;2023-06-01;2024-01-01;job_seeking;Aktivt arbetssökande;;;;;" +
            "social_assistance;Försörjningsstöd;work;Förvärvsarbete;completed;Insatsen genomförd enligt plan;salary;Lön;;;;",
    );
    assert.equal(l[5], '101;"Arbetslust; ""AL""";3;;K;1960;1487;Vänersborg;2020-01-01;;sick_leave;Sjukskriven;;;;;;;;;;;;;;;;');
    assert.ok(!r.text.includes("198005055555"), "registration error left out");

    // Fia (FK owns Arbetslust) exports Arbetslust's enrolments only (2 and
    // 5): not Steget's, though she sees participant 1 through hers.
    r = await get(c.fia, `sus-export?${Y}`);
    l = lines(r.text);
    assert.equal(l.length, 3);
    assert.deepEqual(l.slice(1).map((x) => x.split(";")[0]), ["101", "101"]);
    // (Arbetslust's quoted name holds a ';': the personnummer is field 4.)
    assert.equal(l[1].split(";")[4], "199001011111");
    assert.equal(l[2].split(";")[4], "");
    assert.ok(!r.text.includes("200002022222") && !r.text.includes("200904044444"));
    assert.ok(!r.text.includes("2023-06-01"), "not Steget's enrolment of participant 1");
    // Kansli: every line, no personnummer.
    r = await get(c.kansli, `sus-export?${Y}`);
    assert.equal(r.status, 200);
    assert.equal(lines(r.text).length, 7);
    assert.ok(!/\d{12}/.test(r.text), "no personnummer for kansli");

    // One audit event per participant and export.
    const a = await c.admin.get("/api/v1/audit?entity=participant&action=read&limit=500");
    assert.equal(a.status, 200, a.text);
    const events = a.body.items.filter((e) => e.detail === "sus-export");
    const named = (list) => list.flatMap((e) => e.entity_ids ?? [e.entity_id]).sort();
    assert.deepEqual(named(events.filter((e) => e.user_id === 1)), [1, 2, 3, 4]);
    assert.equal(named(events).length, 10); // admin 4, fia 2 and kansli 4
});

test("XLSX: format=xlsx and Accept: the XLSX media type — number cells, bold frozen header, total row, suppression marks", async () => {
    const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let r = await c.admin.getBytes(`/api/v1/reports/participants?${Y}&by=municipality&suppress=3&format=xlsx`);
    assert.equal(r.status, 200, r.bytes.toString());
    assert.equal(r.contentType, XLSX);
    assert.equal(
        r.headers.get("content-disposition"),
        'attachment; filename="samsyn-deltagare-municipality-2024-01-01_2024-12-31.xlsx"',
    );
    const sheet = readSheet(r.bytes);
    // The title, the period and the filters on top.
    assert.equal(rowValues(sheet.rows.get(1))[0], "Unika deltagare");
    assert.ok(sheet.rows.get(1)[0].bold);
    const about = [...sheet.rows.entries()].filter(([n]) => n > 1 && n < sheet.frozenRows).map(([, cells]) => cells[0].value);
    assert.ok(about.includes("Period: 2024-01-01 – 2024-12-31"), about.join(" | "));
    assert.ok(about.includes("Indelning: Kommunkod"), about.join(" | "));
    assert.ok(about.includes(".. = färre än 3 personer eller dold för att skydda en annan cell"), about.join(" | "));
    // The header is the frozen row, bold.
    const h = sheet.frozenRows;
    assert.ok(h > 1);
    assert.deepEqual(rowValues(sheet.rows.get(h)), ["Kommunkod", "Kommun", "Totalt", "Kvinnor", "Män", "Andel (%)"]);
    assert.ok(sheet.rows.get(h).every((cell) => cell.bold));
    // The rows of the CSV (1487;Vänersborg;..;..;0;), counts as number cells, ".." as text.
    assert.deepEqual(rowValues(sheet.rows.get(h + 1)), ["1487", "Vänersborg", "..", "..", 0]);
    assert.deepEqual(sheet.rows.get(h + 1).map((cell) => cell.type), ["s", "s", "s", "s", "n"]);
    const row1488 = sheet.rows.get(h + 2);
    assert.equal(row1488[0].value, "1488");
    assert.equal(row1488[1].value, "Trollhättan");
    assert.ok(row1488.slice(2).every((cell) => cell.type === "n" || cell.value === ".."));
    // The unknown municipality's row, then the total row as in the CSV (hidden too here: 4 people), bold.
    // (the total row has no municipality name: an empty cell)
    assert.deepEqual(rowValues(sheet.rows.get(h + 4)).filter((v) => v !== undefined), ["Totalt", "..", "..", ".."]);
    assert.ok(sheet.rows.get(h + 4).every((cell) => cell.bold));
    assert.ok(!sheet.rows.get(h + 2)[2].bold);
    assert.equal(rowValues(sheet.rows.get(h + 5))[0], ".. = färre än 3 personer eller dold för att skydda en annan cell");
    // Every column has a width.
    assert.equal(sheet.cols.length, 6);

    // Accept asks for the same; format=json wins over it.
    r = await c.admin.getBytes(`/api/v1/reports/participants?${Y}&by=municipality`, { headers: { Accept: XLSX } });
    assert.equal(r.contentType, XLSX);
    const plain = readSheet(r.bytes);
    assert.deepEqual(rowValues(plain.rows.get(plain.frozenRows + 1)), ["1487", "Vänersborg", 1, 1, 0, 25]);
    const total = plain.rows.get(plain.frozenRows + 4);
    assert.deepEqual(rowValues(total).filter((v) => v !== undefined), ["Totalt", 4, 2, 2, 100]);
    assert.deepEqual(total.filter(Boolean).map((cell) => cell.type), ["s", "n", "n", "n", "n"]);
    assert.ok(total.every((cell) => cell.bold));
    r = await c.admin.getBytes(`/api/v1/reports/participants?${Y}&format=json`, { headers: { Accept: XLSX } });
    assert.match(r.contentType, /^application\/json/);

    // Every report answers XLSX: a table of number cells under a bold frozen header.
    for (const path of [
        `attendees?${Y}`, `occupation?${Y}&intervention_id=100`, `work-or-studies?${Y}`, `income-transitions?${Y}`,
        "interventions?year=2024", "costs?year=2024", "funding?year=2024", "goals?year=2024", `sus-export?${Y}`,
        "employers", "needs", `contacts?${Y}`, `ips?${Y}`,
    ]) {
        r = await c.admin.getBytes(`/api/v1/reports/${path}&format=xlsx`.replace(/^([^?]*)&/, "$1?"));
        assert.equal(r.status, 200, `${path}: ${r.bytes.toString()}`);
        assert.equal(r.contentType, XLSX, path);
        assert.match(r.headers.get("content-disposition"), /^attachment; filename="samsyn-[a-z0-9_,-]+\.xlsx"$/, path);
        const x = readSheet(r.bytes);
        assert.ok(x.frozenRows > 1, path);
        assert.ok(x.rows.get(x.frozenRows).every((cell) => cell.bold && cell.type === "s"), path);
    }
    r = await c.admin.getBytes(`/api/v1/reports/occupation?${Y}&intervention_id=100&format=xlsx`);
    const occ = readSheet(r.bytes);
    assert.ok([...occ.rows.values()].some((cells) => cells[0].value === "Insats: Steget (id 100)"));
    r = await c.admin.getBytes("/api/v1/reports/costs?year=2024&format=xlsx");
    const costs = readSheet(r.bytes);
    const costTotal = [...costs.rows.values()].at(-1);
    assert.equal(costTotal[0].value, "Totalt");
    assert.equal(costTotal.find((cell) => cell.col === 4).value, 200000); // the budget, a number
    assert.equal(rowValues(costs.rows.get(2))[0], "År: 2024");
});

test("attendees, occupation, work or studies, income transitions", async () => {
    let b = await json(c.admin, `attendees?${Y}`);
    assert.deepEqual(b.rows[0], { key: { format: "in_person" }, total: 2, women: 1, men: 1, share: 100 });
    assert.deepEqual(b.total, { total: 2, women: 1, men: 1 });
    b = await json(c.admin, `attendees?${Y}&by=intervention`);
    assert.deepEqual(b.rows, [{ key: { intervention: "Mentorskap", intervention_id: 102 }, total: 2, women: 1, men: 1, share: 100 }]);

    b = await json(c.admin, `occupation?${Y}`);
    const job = b.rows.find((r) => r.key.occupation === "job_seeking");
    assert.deepEqual(job.before, { total: 2, women: 1, men: 1 });
    assert.deepEqual(job.after, { total: 0, women: 0, men: 0 });
    assert.deepEqual(job.change, { total: -2, women: -1, men: -1 });
    assert.deepEqual(b.total.before, { total: 2, women: 1, men: 1 });

    b = await json(c.admin, `work-or-studies?${Y}`);
    assert.deepEqual(b.rows, [
        {
            key: { intervention: "Steget", intervention_id: 100 },
            ended: { total: 2, women: 1, men: 1 },
            work_or_studies: { total: 2, women: 1, men: 1 },
            share: { total: 100, women: 100, men: 100 },
        },
    ]);

    b = await json(c.admin, `income-transitions?${Y}`);
    assert.deepEqual(
        b.rows.map((r) => [r.key.before, r.key.after, r.total]),
        [["social_assistance", "salary", 2], ["social_assistance", "student_aid", 1]],
    );
    assert.equal(b.total.total, 2);
    const r = await get(c.admin, `occupation?${Y}&format=csv`);
    assert.ok(r.text.startsWith(BOM + "Sysselsättning;Sysselsättning, benämning;Före totalt;Före kvinnor;Före män;Efter totalt;"), r.text.slice(0, 200));
    assert.match(r.text, /\r\nsick_leave;Sjukskriven;/, "the code list's label beside the code");
    assert.match(r.headers.get("content-disposition"), /filename="samsyn-sysselsattning-2024-01-01_2024-12-31\.csv"/);
});

test("interventions, costs, funding and goals per year", async () => {
    let b = await json(c.admin, "interventions?year=2024");
    const steget = b.rows.find((r) => r.key.intervention === "Steget");
    assert.deepEqual(steget.named, { total: 3, women: 1, men: 2 });
    assert.deepEqual(steget.enrolments_started, { total: 3, women: 0, men: 3 });
    const ment = b.rows.find((r) => r.key.intervention === "Mentorskap");
    assert.deepEqual(ment.volume, { total: 17, women: 10, men: 7 });
    assert.deepEqual(ment.attendees, { total: 2, women: 1, men: 1 });
    assert.deepEqual(b.total.anonymous, { total: 1, women: 1, men: 0 });

    b = await json(c.admin, "costs?year=2024");
    const st = b.items.find((i) => i.intervention === "Steget");
    assert.deepEqual(st.funders, [
        { funder: "state", budget_sek: 100000, actual_sek: 90000 },
        { funder: "municipality", budget_sek: 50000, actual_sek: null },
    ]);
    assert.equal(st.cost_sek, 140000);
    assert.deepEqual(st.participants, { total: 3, women: 1, men: 2 });
    assert.equal(st.cost_per_participant_sek, 46667);
    assert.equal(b.items.find((i) => i.intervention === "Mentorskap").cost_per_participant_sek, null);
    assert.equal(b.total.budget_sek, 200000);

    b = await json(c.reader, "funding"); // this year: 2024
    assert.equal(b.year, 2024);
    assert.deepEqual(b.items[0], {
        kind: "individual",
        budget_sek: 150000,
        actual_sek: 90000,
        percent: 75,
        benchmark_percent: 60,
        difference_percent: 15,
    });
    let r = await get(c.reader, "funding?year=2024&format=csv");
    assert.equal(r.text.split("\r\n")[1], "Individinriktad;150000;75,0;60;15,0");

    b = await json(c.admin, "goals?year=2024");
    assert.deepEqual(
        b.items.map((g) => [g.intervention, g.indicator, g.target, g.value, g.progress]),
        [["Mentorskap", "mentors_trained", 65, 2, 3.1], ["Steget", "participants", 6, 3, 50]],
    );
    r = await get(c.admin, "costs?year=2024", { headers: { Accept: "text/csv" } });
    assert.match(r.headers.get("content-disposition"), /samsyn-kostnader-2024\.csv/);
    assert.ok(r.text.includes("\r\nSteget;100;Individinriktad;Staten;100000;90000;;;\r\n"), r.text);
    assert.ok(r.text.includes("\r\nSteget;100;Individinriktad;Totalt;150000;90000;140000;3;46667\r\n"), r.text);
});

test("data entered through the API comes out of the reports (2019)", async () => {
    const a = c.admin;
    const created = (r) => {
        assert.equal(r.status, 201, r.text);
        return r.body;
    };
    const iv = created(
        await a.post("/api/v1/interventions", {
            name: "Vägen 2019", kind: "individual", owner_org_id: 2, start_date: "2019-01-01", end_date: "2019-12-31", status: "active",
            budgets: [{ year: 2019, funder: "state", amount_sek: 10000, actual_sek: null }],
        }),
    );
    const named = created(await a.post("/api/v1/participants", { personnummer: "19851010-1010", first_name: "Inskriven", last_name: "Deltagare", municipality_code: "1488" }));
    const anon = created(await a.post("/api/v1/participants", { anonymous: true, sex: "female", birth_year: 1970, municipality_code: "1487" }));
    created(
        await a.post("/api/v1/enrolments", {
            participant_id: named.id, intervention_id: iv.id, start_date: "2019-02-01", end_date: "2019-06-30",
            background: { occupation: "job_seeking", income_sources: ["social_assistance"] },
            outcome: "work", exit_reason: "completed", exit: { income_sources: ["salary"] },
        }),
    );
    created(
        await a.post("/api/v1/enrolments", {
            participant_id: anon.id, intervention_id: iv.id, start_date: "2019-03-01", end_date: "2019-03-02",
            outcome: "work", exit_reason: "registration_error",
        }),
    );
    const ment = created(
        await a.post("/api/v1/interventions", { name: "Mentorer 2019", kind: "structural", owner_org_id: 1, start_date: "2019-01-01", end_date: "2019-12-31", status: "active" }),
    );
    const url = `/api/v1/interventions/${ment.id}/attendees`;
    created(await a.post(url, { first_name: "Karin", last_name: "Åberg", sex: "female", email: "karin@x.se", format: "in_person", date: "2019-04-01" }));
    created(await a.post(url, { first_name: " KARIN ", last_name: "ÅBERG", sex: "female", email: "karin@x.se", format: "webinar", date: "2019-05-01" }));

    let b = await json(c.admin, "participants?year=2019&by=sex");
    assert.deepEqual(b.total, { total: 1, women: 0, men: 1 }); // the registration error is left out
    b = await json(c.admin, "participants?year=2019&by=intervention");
    assert.deepEqual(b.rows, [{ key: { intervention: "Vägen 2019", intervention_id: iv.id }, total: 1, women: 0, men: 1, share: 100 }]);
    b = await json(c.admin, "income-transitions?year=2019");
    assert.deepEqual(b.rows, [{ key: { before: "social_assistance", after: "salary" }, total: 1, women: 0, men: 1, share: 100 }]);
    b = await json(c.admin, "attendees?year=2019");
    assert.deepEqual(b.total, { total: 1, women: 1, men: 0 }); // the same person twice
    b = await json(c.admin, "costs?year=2019");
    assert.deepEqual(b.total, { budget_sek: 10000, actual_sek: null, cost_sek: 10000, participants: { total: 1, women: 0, men: 1 }, cost_per_participant_sek: 10000 });
    const r = await get(c.admin, "sus-export?year=2019");
    const lines = r.text.replace(/\r\n$/, "").split("\r\n");
    assert.equal(lines.length, 2);
    assert.equal(
        lines[1],
        `${iv.id};Vägen 2019;${named.id};198510101010;M;1985;1488;Trollhättan;2019-02-01;2019-06-30;job_seeking;Aktivt arbetssökande;;;;;` +
            "social_assistance;Försörjningsstöd;work;Förvärvsarbete;completed;Insatsen genomförd enligt plan;salary;Lön;;;;",
    );
});
