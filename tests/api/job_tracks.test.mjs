// job_tracks.test.mjs — job tracks and their admission funnel
// (docs/matching.md "Job tracks"): CRUD with Swedish reasons naming the
// field, candidates once per track, the stage rules (forward along the main
// line, the branches with a reason, nothing after a final stage, applied
// with a motivation), the dated history with who made each change, the
// visibility of candidates to two organisations and every role on every
// path (list, GET, POST, PATCH, report), audit as the participant's, and the
// funnel report against data whose answer is known, with suppression.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readSheet, rowValues } from "./xlsx.mjs";
import { Samsyn, assertProblem, created, invalidNames, TWO_ORGS_STEGET_SQL } from "./lib.mjs";

let s, admin, anna, kim, kansli, reader, trainer, eva;
const T = "/api/v1/job-tracks";
const cands = (id) => `${T}/${id}/candidates`;
let annaP, kimP; // a participant of each case worker's organisation

const TRACK = {
    name: "Industrispåret", employer_ids: [1, 2], ssyk_code: "8211", places: 8,
    info_meeting_date: "2026-01-10", application_deadline: "2026-01-20", start_date: "2026-02-01", end_date: "2026-06-30",
    intervention_ids: [101], steps: ["Yrkessvenska", "APL 4 veckor"],
};


before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(`${TWO_ORGS_STEGET_SQL}
        INSERT INTO employers (id, orgnr, name, name_key, municipality_code, created_at, updated_at) VALUES
          (2, '5560000019', 'Montage AB', 'montage ab', '1487', 'x', 'x');
    `);
    s.addUser({ username: "anna", orgId: 2, roles: ["case_worker"] });
    s.addUser({ username: "kim", orgId: 4, roles: ["case_worker"] });
    s.addUser({ username: "kansli", orgId: 1, roles: ["kansli"] });
    s.addUser({ username: "rut", orgId: 1, roles: ["reader"] });
    s.addUser({ username: "tora", orgId: 1, roles: ["trainer"] });
    s.addUser({ username: "eva", orgId: 2, roles: ["employer_contact"] });
    await s.start();
    [admin, anna, kim, kansli, reader, trainer, eva] = await s.loginAll(["admin", "anna", "kim", "kansli", "rut", "tora", "eva"]);
    annaP = (await created(await anna.post("/api/v1/participants", { anonymous: true, sex: "female", birth_year: 1990 }))).id;
    kimP = (await created(await kim.post("/api/v1/participants", { anonymous: true, sex: "male", birth_year: 1985 }))).id;
});

after(() => s?.close());

test("a track is created, read, listed and changed; lists keep their order", async () => {
    const t = await created(await kansli.post(T, TRACK));
    assert.equal(t.name, "Industrispåret");
    assert.deepEqual(t.employer_ids, [1, 2]);
    assert.deepEqual(t.intervention_ids, [101]);
    assert.deepEqual(t.steps, ["Yrkessvenska", "APL 4 veckor"]);
    assert.equal(t.candidates, 0);
    assert.equal(t.org_id, 1);
    for (const c of [admin, anna, kim, reader, trainer, eva]) {
        const g = await c.get(`${T}/${t.id}`);
        assert.equal(g.status, 200, g.text);
        assert.deepEqual(g.body, t);
    }
    const l = await reader.get(`${T}?q=Industri`);
    assert.equal(l.status, 200, l.text);
    assert.ok(l.body.items.some((x) => x.id === t.id));
    const p = await anna.patch(`${T}/${t.id}`, { steps: ["APL 4 veckor", "Yrkessvenska", "Truckkort"], places: 10 });
    assert.equal(p.status, 200, p.text);
    assert.deepEqual(p.body.steps, ["APL 4 veckor", "Yrkessvenska", "Truckkort"]);
    assert.equal(p.body.places, 10);
    assert.deepEqual(p.body.employer_ids, [1, 2]);
    assert.equal(p.body.name, "Industrispåret");
});

test("a track's rules: reasons name the field, nothing is stored", async () => {
    const before = s.sql("SELECT COUNT(*) FROM job_tracks;").trim();
    let r = await admin.post(T, { ...TRACK, employer_ids: [1, 99], ssyk_code: "821", places: 0,
        application_deadline: "2026-01-05", intervention_ids: [999], steps: [""] });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r).sort(), ["application_deadline", "employer_ids[1]", "intervention_ids[0]", "places",
        "ssyk_code", "steps[0]"].sort());
    for (const p of r.body.invalid_parameters) assert.match(p.reason, /[a-zåäö]/);
    r = await admin.post(T, { ...TRACK, employer_ids: [] });
    assert.deepEqual(invalidNames(r), ["employer_ids"]);
    r = await admin.post(T, { ...TRACK, start_date: "2026-07-01" });
    assert.deepEqual(invalidNames(r), ["end_date"]);
    r = await admin.post(T, { ...TRACK, end_date: "2026-02-30" });
    assert.deepEqual(invalidNames(r), ["end_date"]);
    r = await admin.post(T, { name: "Utan platser", employer_ids: [1], ssyk_code: "8211" });
    assert.deepEqual(invalidNames(r), ["places"]);
    assert.equal(s.sql("SELECT COUNT(*) FROM job_tracks;").trim(), before);
    for (const c of [reader, trainer, eva]) assertProblem(await c.post(T, TRACK), 403);
    assertProblem(await reader.patch(`${T}/1`, { places: 3 }), 403);
    assertProblem(await admin.get(`${T}/99999`), 404);
});

test("candidates: nominated by the actor's organisation, once per track, history dated and signed", async () => {
    const t = await created(await admin.post(T, TRACK));
    const k = await created(await anna.post(cands(t.id), { participant_id: annaP, date: "2026-01-02" }));
    assert.ok(Number.isInteger(k.id));
    assert.equal(k.stage, "nominated");
    assert.equal(k.nominated_by_org_id, 2);
    assert.equal(k.history.length, 1);
    assert.deepEqual({ ...k.history[0], created_at: "" }, { stage: "nominated", date: "2026-01-02", reason: null,
        user_id: Number(s.sql("SELECT id FROM users WHERE username = 'anna';").trim()), org_id: 2,
        user_name: s.sql("SELECT name FROM users WHERE username = 'anna';").trim(), org_name: "AF Trollhättan", created_at: "" });
    assertProblem(await anna.post(cands(t.id), { participant_id: annaP }), 409);
    // Another organisation's participant is not one she may nominate.
    let r = await anna.post(cands(t.id), { participant_id: kimP });
    assert.deepEqual(invalidNames(r), ["participant_id"]);
    r = await anna.post(cands(t.id), { participant_id: annaP, nominated_by_org_id: 4 });
    assertProblem(r, 422);
    // An admin may nominate on behalf of an organisation.
    const k2 = await created(await admin.post(cands(t.id), { participant_id: kimP, nominated_by_org_id: 4 }));
    assert.equal(k2.nominated_by_org_id, 4);
    const g = await admin.get(`${T}/${t.id}`);
    assert.equal(g.body.candidates, 2);
});

test("stage rules: forward, branches with a reason, applied with a motivation, nothing after a final stage", async () => {
    const t = await created(await admin.post(T, TRACK));
    const k = await created(await anna.post(cands(t.id), { participant_id: annaP, date: "2026-01-02" }));
    const move = (body) => anna.patch(`${cands(t.id)}/${k.id}`, body);
    let r = await move({ stage: "bogus" });
    assert.deepEqual(invalidNames(r), ["stage"]);
    r = await move({ stage: "dropped_out", reason: "x" });
    assert.deepEqual(invalidNames(r), ["stage"]);
    r = await move({ stage: "not_admitted", reason: "x" });
    assert.deepEqual(invalidNames(r), ["stage"]);
    r = await move({ stage: "invited", date: "2026-01-05" });
    assert.equal(r.status, 200, r.text);
    r = await move({ stage: "nominated" });
    assert.deepEqual(invalidNames(r), ["stage"], "backwards");
    r = await move({ stage: "invited" });
    assert.deepEqual(invalidNames(r), ["stage"], "the same stage");
    r = await move({ stage: "attended_info", date: "2026-01-04" });
    assert.deepEqual(invalidNames(r), ["date"], "before the last stage");
    r = await move({ stage: "attended_info", date: "2999-01-01" });
    assert.deepEqual(invalidNames(r), ["date"], "in the future");
    // Skipping attended_info; applied wants the motivation.
    r = await move({ stage: "applied", date: "2026-01-15" });
    assert.deepEqual(invalidNames(r), ["motivation"]);
    r = await move({ stage: "applied", date: "2026-01-15", motivation: "Jag har jobbat med svets." });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.motivation, "Jag har jobbat med svets.");
    r = await move({ stage: "not_admitted" });
    assert.deepEqual(invalidNames(r), ["reason"]);
    assert.equal(s.sql(`SELECT stage FROM job_track_candidates WHERE id = ${k.id};`).trim(), "applied");
    r = await move({ stage: "not_admitted", reason: "Platserna räckte inte", date: "2026-01-25" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.stage, "not_admitted");
    assert.equal(r.body.reason, "Platserna räckte inte");
    assert.deepEqual(r.body.history.map((h) => [h.stage, h.date]), [["nominated", "2026-01-02"], ["invited", "2026-01-05"],
        ["applied", "2026-01-15"], ["not_admitted", "2026-01-25"]]);
    r = await move({ stage: "withdrawn", reason: "x" });
    assert.deepEqual(invalidNames(r), ["stage"], "final");
    // withdrawn from any non-final stage, dropped_out after started.
    const k2 = await created(await admin.post(cands(t.id), { participant_id: kimP, date: "2026-01-02" }));
    const move2 = (body) => admin.patch(`${cands(t.id)}/${k2.id}`, body);
    assert.equal((await move2({ stage: "started", date: "2026-02-01" })).status, 200);
    assert.deepEqual(invalidNames(await move2({ stage: "dropped_out" })), ["reason"]);
    r = await move2({ stage: "dropped_out", reason: "Flyttade", date: "2026-03-01" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.history.length, 3);
    assert.deepEqual(invalidNames(await move2({ stage: "employed" })), ["stage"]);
});

test("visibility: two organisations and every role on every path", async () => {
    const t = await created(await admin.post(T, TRACK));
    const ka = await created(await anna.post(cands(t.id), { participant_id: annaP }));
    const kk = await created(await kim.post(cands(t.id), { participant_id: kimP }));
    // Lists: each case worker sees her own organisation's candidate only.
    let r = await anna.get(cands(t.id));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((x) => x.id), [ka.id]);
    assert.equal(r.body.total, 1);
    assert.equal(r.body.items[0].history, undefined, "no history in a list");
    r = await kim.get(cands(t.id));
    assert.deepEqual(r.body.items.map((x) => x.id), [kk.id]);
    r = await admin.get(cands(t.id));
    assert.deepEqual(r.body.items.map((x) => x.id), [ka.id, kk.id]);
    // GET and PATCH of the other one: 404, and nothing changes.
    assertProblem(await anna.get(`${cands(t.id)}/${kk.id}`), 404);
    assertProblem(await anna.patch(`${cands(t.id)}/${kk.id}`, { stage: "withdrawn", reason: "x" }), 404);
    assertProblem(await kim.get(`${cands(t.id)}/${ka.id}`), 404);
    assert.equal(s.sql(`SELECT stage FROM job_track_candidates WHERE id = ${kk.id};`).trim(), "nominated");
    // A candidate id under another track is not found either.
    const other = await created(await admin.post(T, TRACK));
    assertProblem(await admin.get(`${cands(other.id)}/${ka.id}`), 404);
    // Roles without participant data: 403 on every candidate path; the report answers.
    for (const c of [kansli, reader, trainer, eva]) {
        assertProblem(await c.get(cands(t.id)), 403);
        assertProblem(await c.get(`${cands(t.id)}/${ka.id}`), 403);
        assertProblem(await c.post(cands(t.id), { participant_id: annaP }), 403);
        assertProblem(await c.patch(`${cands(t.id)}/${ka.id}`, { stage: "invited" }), 403);
        const rep = await c.get(`/api/v1/reports/job-tracks?job_track_id=${t.id}`);
        assert.equal(rep.status, 200, rep.text);
    }
    // The track's count is every candidate's, whoever sees them.
    assert.equal((await anna.get(`${T}/${t.id}`)).body.candidates, 2);
    // Not logged in.
    assertProblem(await s.client().get(cands(t.id)), 401);
    assertProblem(await s.client().get(`/api/v1/reports/job-tracks`), 401);
});

test("reads and changes are audited as the participant's, detail job_track_candidate", async () => {
    const t = await created(await admin.post(T, TRACK));
    const k = await created(await anna.post(cands(t.id), { participant_id: annaP }));
    await anna.get(`${cands(t.id)}/${k.id}`);
    await anna.get(cands(t.id));
    await anna.patch(`${cands(t.id)}/${k.id}`, { stage: "invited" });
    const r = await admin.get(`/api/v1/audit?entity=participant&entity_id=${annaP}&limit=500`);
    assert.equal(r.status, 200, r.text);
    const mine = r.body.items.filter((e) => e.detail === "job_track_candidate" && e.username === "anna");
    const actions = mine.map((e) => e.action).sort();
    assert.ok(actions.filter((a) => a === "read").length >= 2, JSON.stringify(actions));
    assert.ok(actions.includes("create") && actions.includes("update"), JSON.stringify(actions));
});

// The funnel's known answer: 6 candidates on one track, 4 women and 2 men.
//   W1: nominated → invited → attended_info → applied → trial → admitted → started (10 days) → completed → employed
//   W2: nominated → invited → attended_info → applied → not_admitted
//   W3: nominated → invited → withdrawn
//   W4: nominated → started (skips, 20 days)
//   M1: nominated → invited → attended_info → applied → trial → admitted → started (30 days) → dropped_out
//   M2: nominated
async function funnelTrack() {
    const t = await created(await admin.post(T, { ...TRACK, name: "Trattspåret" }));
    const paths = [
        ["female", ["invited", "attended_info", "applied", "trial", "admitted", ["started", "2026-01-11"], "completed", "employed"]],
        ["female", ["invited", "attended_info", "applied", "not_admitted"]],
        ["female", ["invited", "withdrawn"]],
        ["female", [["started", "2026-01-21"]]],
        ["male", ["invited", "attended_info", "applied", "trial", "admitted", ["started", "2026-01-31"], "dropped_out"]],
        ["male", []],
    ];
    for (const [sex, stages] of paths) {
        const p = (await created(await admin.post("/api/v1/participants", { anonymous: true, sex, birth_year: 1990 }))).id;
        const k = await created(await admin.post(cands(t.id), { participant_id: p, date: "2026-01-01" }));
        let date = "2026-01-01";
        for (const st of stages) {
            const [stage, d] = Array.isArray(st) ? st : [st, date];
            date = d;
            const r = await admin.patch(`${cands(t.id)}/${k.id}`, { stage, date, reason: "Skäl", motivation: "Vill" });
            assert.equal(r.status, 200, r.text);
        }
    }
    return t.id;
}

test("the funnel counts what the histories reached, with conversions and time to start", async () => {
    const id = await funnelTrack();
    const r = await admin.get(`/api/v1/reports/job-tracks?job_track_id=${id}`);
    assert.equal(r.status, 200, r.text);
    const rows = Object.fromEntries(r.body.rows.map((x) => [x.key.stage, x]));
    assert.deepEqual(r.body.rows.map((x) => x.key.stage), ["nominated", "invited", "attended_info", "applied", "trial",
        "admitted", "started", "completed", "employed", "not_admitted", "dropped_out", "withdrawn"]);
    const expect = {
        nominated: [6, 4, 2], invited: [4, 3, 1], attended_info: [3, 2, 1], applied: [3, 2, 1], trial: [2, 1, 1],
        admitted: [2, 1, 1], started: [3, 2, 1], completed: [1, 1, 0], employed: [1, 1, 0], not_admitted: [1, 1, 0],
        dropped_out: [1, 0, 1], withdrawn: [1, 1, 0],
    };
    for (const [stage, [total, women, men]] of Object.entries(expect))
        assert.deepEqual([rows[stage].total, rows[stage].women, rows[stage].men], [total, women, men], stage);
    assert.deepEqual(rows.nominated.conversion, { to: "invited", total: 66.7, women: 75, men: 50 });
    assert.deepEqual(rows.invited.conversion, { to: "attended_info", total: 75, women: 66.7, men: 100 });
    // W4 skipped to started: started counts 3 of the 2 admitted.
    assert.deepEqual(rows.admitted.conversion, { to: "started", total: 150, women: 200, men: 100 });
    assert.deepEqual(rows.completed.conversion, { to: "employed", total: 100, women: 100, men: null });
    assert.equal(rows.employed.conversion, null);
    assert.equal(rows.withdrawn.conversion, null);
    assert.deepEqual(r.body.total, { total: 6, women: 4, men: 2 });
    assert.deepEqual(r.body.nomination_to_start_days, { median: 20, mean: 20 });
    assert.equal(r.body.suppression, undefined);
    // The same table as a file: CSV and XLSX, in Swedish, row for row.
    const csv = await admin.get(`/api/v1/reports/job-tracks?job_track_id=${id}&format=csv`);
    assert.equal(csv.status, 200, csv.text);
    assert.match(csv.contentType, /^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    assert.equal(lines[0], "Steg;Nådde steget, totalt;Nådde steget, kvinnor;Nådde steget, män;"
        + "Gick vidare till nästa steg (%), totalt;Gick vidare till nästa steg (%), kvinnor;Gick vidare till nästa steg (%), män");
    assert.equal(lines[1], "Föreslagen;6;4;2;66,7;75,0;50,0");
    assert.equal(lines[9], "Anställd;1;1;0;;;");
    assert.equal(lines[13], "Kandidater totalt;6;4;2");
    assert.equal(lines[14], "Dagar från förslag till start, median;20,0");
    const x = await admin.getBytes(`/api/v1/reports/job-tracks?job_track_id=${id}&format=xlsx`);
    assert.equal(x.status, 200);
    const sheet = readSheet(x.bytes);
    const values = [...sheet.rows.values()].map(rowValues);
    assert.ok(values.some((v) => v[0] === "Jobbspårens antagningstratt"), "the title");
    assert.ok(values.some((v) => String(v[0]).startsWith("Jobbspår: ")), "which track");
    const first = values.find((v) => v[0] === "Föreslagen");
    assert.deepEqual(first.slice(0, 4), ["Föreslagen", 6, 4, 2], "counts are number cells");
    // All tracks together hold at least these.
    const all = await admin.get("/api/v1/reports/job-tracks");
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.job_track_id, null);
    assert.ok(all.body.rows[0].total >= 6);
});

test("the funnel is suppressed for everyone but an admin, and on request", async () => {
    const id = await funnelTrack();
    for (const c of [anna, kansli, reader]) {
        const r = await c.get(`/api/v1/reports/job-tracks?job_track_id=${id}`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.suppression.threshold, 5);
        const rows = Object.fromEntries(r.body.rows.map((x) => [x.key.stage, x]));
        // 6 is shown; every count from 1 to 4 is hidden.
        assert.equal(rows.nominated.total, 6);
        for (const row of r.body.rows)
            for (const k of ["total", "women", "men"])
                assert.ok(row[k] === null || row[k] === 0 || row[k] >= 5, `${row.key.stage}.${k} = ${row[k]}`);
        assert.equal(rows.invited.total, null);
        assert.equal(rows.invited.suppressed, true);
        assert.equal(rows.nominated.conversion.total, null);
        assert.deepEqual(r.body.nomination_to_start_days, { median: null, mean: null });
    }
    const r = await admin.get(`/api/v1/reports/job-tracks?job_track_id=${id}&suppress=3`);
    assert.equal(r.body.suppression.threshold, 3);
    const rows = Object.fromEntries(r.body.rows.map((x) => [x.key.stage, x]));
    assert.equal(rows.invited.total, 4);
    assert.equal(rows.trial.total, null);
    assert.deepEqual(invalidNames(await admin.get(`/api/v1/reports/job-tracks?job_track_id=99999`)), ["job_track_id"]);
    assert.deepEqual(invalidNames(await admin.get(`/api/v1/reports/job-tracks?suppress=1`)), ["suppress"]);
});
