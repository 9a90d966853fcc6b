// connections.test.mjs — what a client can do to the server's connection
// slots: a flood of slow-header connections from one address (each sends a
// header line now and then and never finishes its request head) is closed
// after --header-timeout, so normal requests from that address are served
// again within seconds; and --trusted-proxy: behind it the login throttle and the per-address limit
// count the client that proxy names last in X-Forwarded-For, while the same
// header from any other peer is ignored; a direct peer stays limited per
// connection.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { GOOD_PASSWORD, Samsyn, assertProblem, sleep, waitFor } from "./lib.mjs";

const servers = [];
after(async () => {
    for (const x of servers) await x.close();
});

async function serve(args, users = []) {
    const s = new Samsyn();
    s.setAdminPassword();
    for (const u of users) s.addUser({ username: u, roles: ["reader"] });
    servers.push(s);
    return s.start(args);
}

/** GET over a new connection from localAddress; resolves {status} or {error}. */
function get(url, { localAddress, headers = {}, timeout = 3000 } = {}) {
    return new Promise((resolve) => {
        const req = http.get(url, { localAddress, headers, agent: false, timeout }, (res) => {
            res.resume();
            res.on("end", () => resolve({ status: res.statusCode }));
        });
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", (e) => resolve({ error: e.code || e.message }));
    });
}

/**
 * A slow-header client: connects from localAddress, sends a request line
 * and then one header line every `every` ms, never the blank line.
 * closedAt: when the server closed it (null while open).
 */
function slowClient(port, { localAddress = "127.0.0.1", every = 1000 } = {}) {
    const c = { openedAt: null, closedAt: null, sock: null };
    c.sock = net.connect({ port, host: "127.0.0.1", localAddress });
    let n = 0;
    let timer = null;
    c.sock.on("connect", () => {
        c.openedAt = Date.now();
        c.sock.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
        timer = setInterval(() => c.sock.writable && c.sock.write(`X-Slow-${n++}: y\r\n`), every);
    });
    c.sock.on("error", () => {});
    c.sock.on("close", () => {
        clearInterval(timer);
        if (c.closedAt === null) c.closedAt = Date.now();
    });
    c.stop = () => {
        clearInterval(timer);
        if (c.closedAt === null) c.closedAt = -1; // closed by us, not the server
        c.sock.destroy();
    };
    return c;
}

test("150 slow-header connections from one address: closed after --header-timeout 2, normal requests served again at once", async () => {
    const s = await serve(["--header-timeout", "2"]);
    const port = Number(new URL(s.url).port);
    const health = s.url + "/api/v1/health";
    const slow = [];
    const start = Date.now();
    try {
        // More than --per-ip-connections (128): every slot of 127.0.0.1.
        for (let i = 0; i < 150; i++) slow.push(slowClient(port));
        await waitFor(() => slow.every((c) => c.openedAt !== null || c.closedAt !== null), "the slow clients to connect");
        await sleep(300);
        // 20 normal requests from the same address, each retried until served.
        const served = await Promise.all(
            Array.from({ length: 20 }, async () => {
                for (;;) {
                    const r = await get(health, { localAddress: "127.0.0.1", timeout: 1500 });
                    if (r.status === 200) return Date.now() - start;
                    if (Date.now() - start > 7000) return null;
                    await sleep(100);
                }
            }),
        );
        // The slow heads are cut at 2 s (+ the 250 ms watcher tick), so
        // every normal request is in well before the slow clients would stop.
        for (const ms of served) assert.ok(ms !== null && ms < 5000, `normal requests served after ${served.join(", ")} ms`);
        await waitFor(() => slow.every((c) => c.closedAt !== null), "the server to close every slow client", 4000);
        for (const c of slow) {
            assert.ok(c.closedAt > 0, "closed by the server, not by the test");
            // Those that got a slot lived until the head timeout, and not much longer.
            const lived = c.closedAt - c.openedAt;
            if (lived > 1000) assert.ok(lived >= 1900 && lived < 4000, `a slow connection lived ${lived} ms`);
        }
        const cut = slow.filter((c) => c.closedAt - c.openedAt >= 1900).length;
        assert.ok(cut >= 100, `${cut} slow connections closed by the head timeout`);
        await s.waitForLog(/event=slow_head .*addr=127\.0\.0\.1/);
    } finally {
        for (const c of slow) c.stop();
    }
    // A complete head within the timeout is answered; the server still works.
    assert.equal((await get(health)).status, 200);
});

test("during a flood of slow heads, before any times out, the same address's normal requests are served: they take the slots that waited longest", async () => {
    const s = await serve(["--header-timeout", "30"]);
    const port = Number(new URL(s.url).port);
    const health = s.url + "/api/v1/health";
    const slow = [];
    try {
        for (let i = 0; i < 200; i++) slow.push(slowClient(port, { every: 2000 }));
        await waitFor(() => slow.every((c) => c.openedAt !== null || c.closedAt !== null), "the slow clients to connect");
        await sleep(300);
        const start = Date.now();
        const served = [];
        for (let i = 0; i < 20; i++) {
            const r = await get(health, { localAddress: "127.0.0.1", timeout: 2000 });
            served.push(r.status === 200 ? Date.now() - start : r.error ?? r.status);
        }
        // Every one at once, long before the 30 s head timeout would free a slot.
        assert.ok(served.every((x) => typeof x === "number" && x < 3000), `normal requests: ${served.join(", ")}`);
        // The flood still holds most slots: only the oldest gave way.
        const open = slow.filter((c) => c.closedAt === null).length;
        assert.ok(open >= 100 && open <= 128, `${open} slow connections still open`);
        await s.waitForLog(/per-address limit: the connection waiting longest/);
    } finally {
        for (const c of slow) c.stop();
    }
});

test("a request head sent slowly but within --header-timeout is answered; a kept-alive connection gets the timeout for its next head", async () => {
    const s = await serve(["--header-timeout", "2"]);
    const port = Number(new URL(s.url).port);
    const sock = net.connect({ port, host: "127.0.0.1" });
    let answer = "";
    let closedAt = null;
    sock.on("data", (d) => (answer += d));
    sock.on("close", () => (closedAt = Date.now()));
    sock.on("error", () => {});
    await new Promise((r) => sock.on("connect", r));
    sock.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
    await sleep(700);
    sock.write("X-A: 1\r\n");
    await sleep(700);
    sock.write("\r\n");
    await waitFor(() => /\r\n\r\n/.test(answer), "the answer");
    assert.match(answer, /^HTTP\/1\.1 200 /);
    const answeredAt = Date.now();
    // Kept alive, idle: closed when the next head is 2 s late, not after --timeout (30 s).
    await waitFor(() => closedAt !== null, "the idle kept-alive connection to be closed", 5000);
    const idle = closedAt - answeredAt;
    assert.ok(idle >= 1500 && idle < 3500, `closed after ${idle} ms idle`);
});

test("--trusted-proxy: the login throttle counts the address the proxy added last to X-Forwarded-For; from any other peer the header is ignored", async () => {
    const s = await serve(["--trusted-proxy", "127.0.3.1", "--login-max-failures", "3"], ["ulla", "vera"]);
    const login = (from, xff, username, password) =>
        s.client({ localAddress: from }).req("POST", "/api/v1/session", {
            json: { username, password },
            headers: xff === null ? {} : { "X-Forwarded-For": xff },
        });
    const WRONG = "helt-fel-lösenord-9";
    // Three failures of one client behind the proxy (three usernames: the address count only).
    for (let i = 1; i <= 3; i++) assertProblem(await login("127.0.3.1", "198.51.100.7", `ingen${i}`, WRONG), 401, "unauthorized");
    // That client is throttled, whatever it claims left of the proxy's entry…
    assertProblem(await login("127.0.3.1", "198.51.100.7", "ulla", GOOD_PASSWORD), 429, "too-many-attempts");
    assertProblem(await login("127.0.3.1", "10.9.9.9, 198.51.100.7", "ulla", GOOD_PASSWORD), 429, "too-many-attempts");
    // …while other clients of the same proxy, and the proxy itself, are not.
    assert.equal((await login("127.0.3.1", "198.51.100.7, 198.51.100.8", "ulla", GOOD_PASSWORD)).status, 200);
    assert.equal((await login("127.0.3.1", "198.51.100.9", "ulla", GOOD_PASSWORD)).status, 200);
    assert.equal((await login("127.0.3.1", null, "ulla", GOOD_PASSWORD)).status, 200);
    // The failures are logged and audited with the client's address.
    await s.waitForLog(/event=request method=POST path="\/api\/v1\/session" status=401 .*addr=198\.51\.100\.7/);
    assert.equal(s.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'login_failed' AND address = '198.51.100.7';").trim(), "3");

    // A peer that is not the proxy: X-Forwarded-For is its own claim, ignored.
    for (let i = 1; i <= 3; i++) assertProblem(await login("127.0.3.2", `192.0.2.${i}`, `okänd${i}`, WRONG), 401, "unauthorized");
    assertProblem(await login("127.0.3.2", "192.0.2.4", "vera", GOOD_PASSWORD), 429, "too-many-attempts");
    assertProblem(await login("127.0.3.2", "127.0.3.1", "vera", GOOD_PASSWORD), 429, "too-many-attempts");
    assert.equal((await login("127.0.3.3", null, "vera", GOOD_PASSWORD)).status, 200);
    assert.equal(s.sql("SELECT COUNT(*) FROM audit_events WHERE address LIKE '192.0.2.%';").trim(), "0");
});

test("--trusted-proxy: the proxy's connections are not limited per address; its clients' requests in progress are", async () => {
    const s = await serve(["--trusted-proxy", "127.0.3.1", "--per-ip-connections", "3"]);
    const port = Number(new URL(s.url).port);
    const health = s.url + "/api/v1/health";
    const held = [];
    const open = async (localAddress, data) => {
        const c = net.connect({ port, host: "127.0.0.1", localAddress });
        c.on("error", () => {});
        await new Promise((r) => c.on("connect", r));
        if (data) c.write(data);
        held.push(c);
        return c;
    };
    try {
        // Five idle connections of the proxy: more than 3, still served.
        for (let i = 0; i < 5; i++) await open("127.0.3.1");
        await sleep(200);
        assert.equal((await get(health, { localAddress: "127.0.3.1" })).status, 200);
        // Three requests of one client in progress (head in, body awaited)…
        const pending =
            "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.50\r\n" +
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";
        for (let i = 0; i < 3; i++) await open("127.0.3.1", pending);
        await sleep(300);
        // …and a fourth of the same client is refused; another client's is not.
        const xff = (a) => ({ localAddress: "127.0.3.1", headers: { "X-Forwarded-For": a } });
        assert.equal((await get(health, xff("198.51.100.50"))).status, 429);
        assert.equal((await get(health, xff("198.51.100.51"))).status, 200);
        // A peer that is not the proxy is still limited per connection:
        // with three requests in progress a fourth connection is refused...
        const busy = "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
        for (let i = 0; i < 3; i++) await open("127.0.4.1", busy);
        await sleep(200);
        const r = await get(health, { localAddress: "127.0.4.1" });
        assert.ok(r.error, `a fourth connection from 127.0.4.1 was served: ${JSON.stringify(r)}`);
        assert.equal((await get(health, { localAddress: "127.0.4.2" })).status, 200);
        // ...while three that wait for a head give way, the oldest first.
        const idle = [];
        for (let i = 0; i < 3; i++) idle.push(await open("127.0.4.3"));
        let oldestClosed = false;
        idle[0].on("close", () => (oldestClosed = true));
        await sleep(200);
        assert.equal((await get(health, { localAddress: "127.0.4.3" })).status, 200);
        await waitFor(() => oldestClosed, "the oldest waiting connection to be closed");
    } finally {
        for (const c of held) c.destroy();
    }
    await waitFor(
        async () => (await get(health, { localAddress: "127.0.3.1", headers: { "X-Forwarded-For": "198.51.100.50" } })).status === 200,
        "the client's requests to end",
    );
});

test("--trusted-proxy wants an IP address", async () => {
    const s = new Samsyn();
    servers.push(s);
    await assert.rejects(s.start(["--trusted-proxy", "proxy.example"]), /exited early/);
    assert.match(s.log, /bad --trusted-proxy, want an IP address/);
    s.proc = null;
});
