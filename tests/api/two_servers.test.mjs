// two_servers.test.mjs — stateless servers (issue 16 item 4,
// docs/operations.md): two `samsyn serve` processes on one SQLite file,
// Debian's nginx in front of them as the load balancer, a real SMTP
// server. A login through one server goes on through the other (session
// and CSRF are in the database); the public routes' rate limit counts
// across both; the scheduled jobs run on one server, so one survey mail
// goes out, not two; a kill -9 of one server during a write load loses no
// acknowledged write, the other goes on answering, the first restarts and
// the scheduler's lease passes on; a personnummer sent to both servers at
// once makes one participant. As pg_api_two_servers the same on one
// PostgreSQL database.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync, existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { Client, GOOD_PASSWORD, Samsyn, signUp, sleep, waitFor } from "./lib.mjs";
import { readMail, startSmtp } from "./smtp.mjs";

const LIMIT = 6; // the public routes' requests a minute per address
let a, b, smtp, lb, admin;

/** A second server process on s's database (same file, web root, users). */
function twin(s) {
    const t = Object.create(Samsyn.prototype);
    Object.assign(t, { dir: s.dir, db: s.db, webRoot: s.webRoot, log: "", stdout: "", proc: null, url: null, users: s.users });
    return t;
}

const portOf = (url) => Number(new URL(url).port);
const serveArgs = (port = 0) => ["--smtp-url", smtp.url, "--public-rate-limit", String(LIMIT), "--listen", `127.0.0.1:${port}`];

function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

function findNginx() {
    for (const p of ["/usr/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(p)) return p;
    const r = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" });
    return r.stdout.trim() || null;
}

/**
 * Debian's nginx as the load balancer of the two servers: its own prefix
 * in the test's temp dir (config, pid, logs, temp paths), in the
 * foreground, its own process group, stopped in after(). A server that
 * refuses connections is passed over (proxy_next_upstream error: a request
 * not yet sent goes to the other, a POST too).
 */
async function startNginx(dir, ports) {
    const bin = findNginx();
    assert.ok(bin, "nginx is missing: scripts/setup.sh test installs it (nginx-light)");
    const prefix = path.join(dir, "nginx");
    mkdirSync(prefix, { recursive: true });
    // Workers drop to "nobody" when the test runs as root.
    chmodSync(dir, 0o711);
    chmodSync(prefix, 0o755);
    const port = await freePort();
    const conf = `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path ${prefix}/body;
    proxy_temp_path ${prefix}/proxy;
    fastcgi_temp_path ${prefix}/fastcgi;
    uwsgi_temp_path ${prefix}/uwsgi;
    scgi_temp_path ${prefix}/scgi;
    upstream samsyn {
        ${ports.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join("\n        ")}
        keepalive 16;
    }
    server {
        listen 127.0.0.1:${port};
        location / {
            proxy_pass http://samsyn;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
        }
    }
}
`;
    writeFileSync(path.join(prefix, "nginx.conf"), conf);
    const proc = spawn(bin, ["-p", prefix, "-c", path.join(prefix, "nginx.conf"), "-e", path.join(prefix, "error.log")], {
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
    });
    let out = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (out += d));
    const exited = new Promise((resolve) => proc.on("close", (code, signal) => resolve({ code, signal })));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => {
        if (proc.exitCode !== null) throw new Error(`nginx exited: ${out}`);
        try {
            return (await fetch(url + "/api/v1/health")).status === 200;
        } catch {
            return false;
        }
    }, "nginx in front of the servers");
    return {
        url,
        stop: async () => {
            try {
                process.kill(-proc.pid, "SIGTERM");
            } catch {
                /* gone already */
            }
            await exited;
        },
    };
}

before(async () => {
    smtp = await startSmtp();
    a = new Samsyn();
    a.setAdminPassword(GOOD_PASSWORD);
    a.sql("INSERT INTO settings (key, value) VALUES ('forbund_name', 'Samordningsförbundet Älvsborg');");
    await a.start(serveArgs());
    b = twin(a);
    await b.start(serveArgs());
    lb = await startNginx(a.dir, [portOf(a.url), portOf(b.url)]);
    admin = new Client(lb.url);
    const r = await admin.login("admin", GOOD_PASSWORD);
    assert.equal(r.status, 200, r.text);
});

after(async () => {
    try {
        await lb?.stop();
        await b?.stop();
        await a?.stop();
    } finally {
        a?.cleanup();
        await smtp?.close();
    }
});

test("GET /api/v1/health through nginx and on each server: the database answers", async () => {
    for (const url of [lb.url, a.url, b.url]) {
        const r = await new Client(url).get("/api/v1/health");
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.db, "ok");
        assert.equal(r.body.status, "ok");
    }
});

test("a login through server A goes on through server B: the session and its CSRF token are in the database", async () => {
    const viaA = a.client();
    let r = await viaA.login("admin", GOOD_PASSWORD);
    assert.equal(r.status, 200, r.text);
    const viaB = new Client(b.url);
    viaB.cookie = viaA.cookie;
    viaB.csrf = viaA.csrf;
    r = await viaB.get("/api/v1/session");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.user.username, "admin");
    assert.equal(r.body.csrf_token, viaA.csrf);
    // A change through B with the token A gave: accepted; without it: refused.
    r = await viaB.post("/api/v1/participants", { anonymous: true, sex: "female", birth_year: 1980 });
    assert.equal(r.status, 201, r.text);
    r = await viaB.post("/api/v1/participants", { anonymous: true, sex: "female", birth_year: 1980 }, { csrf: false });
    assert.equal(r.status, 403, r.text);
    // Logged out through B: A no longer knows the session either.
    r = await viaB.del("/api/v1/session");
    assert.equal(r.status, 204, r.text);
    const again = new Client(a.url);
    again.cookie = viaA.cookie;
    assert.equal((await again.get("/api/v1/session")).status, 401);
    // Login throttling counts across both: failures through A and B add up.
    const failures = [];
    for (let i = 0; i < 5; i++) failures.push((await new Client(i % 2 ? b.url : a.url).login("admin", "fel-lösenord")).status);
    assert.deepEqual(failures, [401, 401, 401, 401, 401]);
    assert.equal((await new Client(b.url).login("admin", GOOD_PASSWORD)).status, 429);
    a.sql("DELETE FROM login_failures;");
});

test("the public routes' rate limit counts across both servers", async () => {
    // Not near a window's end (windows are whole minutes, the same on both).
    const into = Math.floor(Date.now() / 1000) % 60;
    if (into > 50) await sleep((61 - into) * 1000);
    // Its own address, so that no other test's requests count.
    const viaA = new Client(a.url, { localAddress: "127.0.0.23" });
    const viaB = new Client(b.url, { localAddress: "127.0.0.23" });
    const statuses = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await (i % 2 ? viaB : viaA).get("/api/v1/public/diplomas/ABCD-EFGH-JKMN")).status);
    assert.ok(!statuses.includes(429), `within the limit: ${statuses}`);
    for (const c of [viaA, viaB]) {
        const r = await c.get("/api/v1/public/diplomas/ABCD-EFGH-JKMN");
        assert.equal(r.status, 429, r.text);
        const retry = Number(r.headers.get("retry-after"));
        assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    }
    assert.equal(a.sql("SELECT count FROM rate_limits WHERE key = '127.0.0.23';").trim(), String(LIMIT));
});

test("two servers running the scheduler send one survey mail, not two", async () => {
    // One server holds the scheduler's lease; the other does not run the jobs.
    await waitFor(() => a.sql("SELECT COUNT(*) FROM job_leases WHERE name = 'scheduler';").trim() === "1", "the scheduler's lease");
    // The log line follows the commit: wait for it too.
    await waitFor(() => [a, b].some((s) => /lease=taken/.test(s.log)), "the lease's log line");
    const taken = [a, b].filter((s) => /lease=taken/.test(s.log));
    assert.equal(taken.length, 1, "exactly one server took the lease");

    let r = await admin.post("/api/v1/surveys", { name: "Efter tillfället", questions: [{ text: "Hur nöjd är du?", kind: "scale" }] });
    assert.equal(r.status, 201, r.text);
    const survey = r.body.id;
    r = await admin.post("/api/v1/interventions", {
        name: "Mentorskap", kind: "structural", owner_org_id: 1, start_date: "2020-01-01", measurement: "volume",
    });
    assert.equal(r.status, 201, r.text);
    r = await admin.post("/api/v1/courses", { name: "Mentorskap grundutbildning", intervention_id: r.body.id });
    assert.equal(r.status, 201, r.text);
    const course = r.body.id;
    const ends = new Date(Date.now() - 2 * 86_400_000);
    const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    r = await admin.post(`/api/v1/courses/${course}/sessions`, {
        format: "in_person", starts_at: iso(new Date(ends.getTime() - 3 * 3_600_000)), ends_at: iso(ends), capacity: 30,
    });
    assert.equal(r.status, 201, r.text);
    const session = r.body.id;
    const email = "greta.tva@example.se";
    await signUp(admin, session, { first: "Greta", last: "Tvåserversdotter", email }, { attended: true });
    // The course names its survey last, so the invitation is due at once.
    r = await admin.patch(`/api/v1/courses/${course}`, { survey_session_id: survey });
    assert.equal(r.status, 200, r.text);

    const surveyMails = () => smtp.mailsTo(email).filter((m) => /enkät/.test(m.subject));
    await waitFor(() => surveyMails().length >= 1, "the survey mail", 20_000);
    // Several more rounds of both servers: still one mail, one invitation.
    await sleep(3500);
    assert.equal(surveyMails().length, 1);
    assert.equal(a.sql("SELECT COUNT(*) FROM survey_invitations;").trim(), "1");
    assert.equal(a.sql("SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%enkät%';").trim(), "1");
});

test("exactly one wins across servers: one personnummer sent to both at once makes one participant", async () => {
    const viaA = a.client();
    assert.equal((await viaA.login("admin", GOOD_PASSWORD)).status, 200);
    const viaB = new Client(b.url);
    viaB.cookie = viaA.cookie;
    viaB.csrf = viaA.csrf;
    // 12 requests at once, half through each server (synthetic, valid check digit).
    const tries = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
            (i % 2 ? viaB : viaA).post("/api/v1/participants", { personnummer: "19811218-9876", first_name: "Samtidig", last_name: `Nummer${i}` }),
        ),
    );
    const statuses = tries.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, ...Array(11).fill(409)], tries.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join("\n"));
    assert.equal(a.sql("SELECT COUNT(*) FROM participants WHERE first_name = 'Samtidig';").trim(), "1");
});

test("kill -9 of one server during a write load: every acknowledged write is there, the other goes on, the first restarts", async (t) => {
    const holderBefore = a.sql("SELECT holder FROM job_leases WHERE name = 'scheduler';").trim();
    const acked = [];
    const failed = [];
    let killedAt = 0;
    let afterKill = 0;
    let stop = false;
    const worker = async (w) => {
        for (let i = 0; !stop; i++) {
            const birth = 1950 + ((w * 1000 + i) % 50);
            let r;
            try {
                r = await admin.post("/api/v1/participants", { anonymous: true, sex: i % 2 ? "male" : "female", birth_year: birth });
            } catch (e) {
                failed.push(String(e));
                continue;
            }
            if (r.status === 201) {
                acked.push(r.body.id);
                if (killedAt && Date.now() - killedAt > 1000) afterKill++;
            } else {
                failed.push(`${r.status} ${killedAt ? Date.now() - killedAt : "before"}`);
            }
        }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));
    await waitFor(() => acked.length >= 60, "writes before the kill", 20_000);
    const aPort = portOf(a.url);
    const aPid = a.proc.pid;
    a.proc.kill("SIGKILL");
    killedAt = Date.now();
    const e = await a.exited;
    assert.equal(e.signal, "SIGKILL");
    a.proc = null;
    // B answers directly while A is gone, and through nginx the load goes on.
    assert.equal((await fetch(b.url + "/api/v1/health")).status, 200);
    await waitFor(() => afterKill >= 60, "writes after the kill through the other server", 30_000);
    stop = true;
    await Promise.all(workers);
    // Only what was in flight at the kill may have failed (nginx does not
    // send a POST that reached A again).
    const lateFailures = failed.filter((f) => !f.endsWith("before") && Number(f.split(" ")[1]) > 1000);
    assert.deepEqual(lateFailures, [], `failures after the kill: ${failed}`);
    assert.ok(failed.length <= 6, `failures: ${failed}`);

    // Every acknowledged write is in the database, read through B.
    const stored = new Set(a.sql("SELECT id FROM participants;").split("\n").filter(Boolean).map(Number));
    const missing = acked.filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged writes missing`);
    t.diagnostic(`${acked.length} writes acknowledged, all stored; ${failed.length} failed at the kill`);
    const viaB = new Client(b.url);
    viaB.cookie = admin.cookie;
    for (const id of [acked[0], acked[acked.length - 1]]) assert.equal((await viaB.get(`/api/v1/participants/${id}`)).status, 200);

    // A restarts on its port, and nginx sends to it again.
    a.log = ""; // start() waits for the new url= line
    await a.start(serveArgs(aPort));
    assert.ok(a.url.endsWith(`:${aPort}`), `restarted on ${a.url}`);
    assert.equal((await fetch(a.url + "/api/v1/health")).status, 200);
    const viaA = new Client(a.url);
    viaA.cookie = admin.cookie;
    assert.equal((await viaA.get(`/api/v1/participants/${acked[acked.length - 1]}`)).status, 200);
    await waitFor(async () => {
        await admin.get("/api/v1/session");
        return a.accessLines().some((l) => l.includes('path="/api/v1/session"'));
    }, "a request through nginx answered by the restarted server", 15_000);

    // The scheduled jobs go on: a killed holder's lease ends and a living
    // server takes it (a holder names its process id).
    const heldByKilled = holderBefore.includes(`:${aPid}:`);
    await waitFor(() => {
        const holder = a.sql("SELECT holder FROM job_leases WHERE name = 'scheduler';").trim();
        return holder !== "" && !holder.includes(`:${aPid}:`);
    }, "the scheduler's lease held by a living server", 45_000);
    if (!heldByKilled) assert.equal(a.sql("SELECT holder FROM job_leases WHERE name = 'scheduler';").trim(), holderBefore);
});
