// mail.test.mjs — the outbox and its sender against a real SMTP server (the
// npm package smtp-server): the admin's test mail arrives as an RFC 5322
// message with its Swedish subject (RFC 2047) and body (quoted-printable
// UTF-8); a server that refuses (451) leaves the mail queued with its
// attempt counted and the next one later; without --smtp-url mails wait in
// the outbox, which the admin sees and no one else does.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, assertProblem, invalidNames, startSamsyn, waitFor } from "./lib.mjs";
import { decodeQuotedPrintable, decodeWords, parseMessage, startSmtp as startSmtpServer } from "./smtp.mjs";

const servers = [];
after(async () => {
    for (const x of servers) await x.close?.();
});

/** An SMTP server, closed after the tests. */
async function startSmtp(options) {
    const handle = await startSmtpServer(options);
    servers.push(handle);
    return handle;
}

async function outbox(client) {
    const r = await client.get("/api/v1/mail/outbox");
    assert.equal(r.status, 200, r.text);
    return r.body;
}

test("the test mail arrives: headers, Swedish subject and body", async () => {
    const smtp = await startSmtp();
    const s = await startSamsyn({
        serveArgs: ["--smtp-url", `smtp://127.0.0.1:${smtp.port}`, "--smtp-from", "samsyn@forbundet.se"],
        sql: "INSERT INTO settings (key, value) VALUES ('forbund_name', 'Samordningsförbundet Älvsborg')",
    });
    try {
        const admin = await s.login("admin", GOOD_PASSWORD);
        const r = await admin.post("/api/v1/mail/test", { to: "asa.test@example.se" });
        assert.equal(r.status, 201, r.text);
        assert.equal(r.body.state, "queued");
        assert.equal(r.body.subject, "Testmeddelande från Samsyn");
        await waitFor(() => smtp.received.length === 1, "the mail at the SMTP server");
        const got = smtp.received[0];
        assert.equal(got.from, "samsyn@forbundet.se");
        assert.deepEqual(got.to, ["asa.test@example.se"]);
        const { headers, body } = parseMessage(got.raw);
        assert.match(headers.subject, /^=\?UTF-8\?B\?/);
        assert.equal(decodeWords(headers.subject), "Testmeddelande från Samsyn");
        assert.equal(headers.from, "samsyn@forbundet.se");
        assert.equal(headers.to, "asa.test@example.se");
        assert.equal(headers["mime-version"], "1.0");
        assert.equal(headers["content-type"], "text/plain; charset=utf-8");
        assert.equal(headers["content-transfer-encoding"], "quoted-printable");
        assert.match(headers["message-id"], /^<samsyn\.\d+\.[0-9a-f]+@forbundet\.se>$/);
        assert.ok(!Number.isNaN(Date.parse(headers.date)), headers.date);
        const text = decodeQuotedPrintable(body);
        assert.match(text, /Samordningsförbundet Älvsborg/);
        assert.match(text, /Det här är ett testmeddelande från Samsyn/);
        assert.match(text, /Med vänliga hälsningar/);
        await waitFor(async () => (await outbox(admin)).items[0].state === "sent", "the mail marked sent");
        const [mail] = (await outbox(admin)).items;
        assert.equal(mail.attempts, 1);
        assert.ok(mail.sent_at);
        assert.equal(mail.last_error, null);
    } finally {
        await s.close();
    }
});

test("a refusing SMTP server: the attempt counted, the mail queued for later", async () => {
    const smtp = await startSmtp({ refuse: 451 });
    const s = await startSamsyn({ serveArgs: ["--smtp-url", `smtp://127.0.0.1:${smtp.port}`] });
    try {
        const admin = await s.login("admin", GOOD_PASSWORD);
        const r = await admin.post("/api/v1/mail/test", { to: "kansliet@example.se" });
        assert.equal(r.status, 201, r.text);
        const queuedAt = Date.parse(r.body.next_attempt_at);
        let mail;
        await waitFor(async () => {
            [mail] = (await outbox(admin)).items;
            return mail.attempts === 1 && mail.state === "queued";
        }, "the failed attempt recorded");
        assert.ok(Date.parse(mail.next_attempt_at) >= queuedAt + 55_000, `${mail.next_attempt_at} is not a minute later`);
        assert.match(mail.last_error, /451/);
        assert.equal(mail.sent_at, null);
        assert.equal(smtp.received.length, 0);
    } finally {
        await s.close();
    }
});

test("without --smtp-url the mail waits; only the admin sees the outbox", async () => {
    const s = await startSamsyn({ users: [{ username: "kalle", roles: ["kansli"] }] });
    try {
        const [admin, kansli] = await Promise.all([s.login("admin", GOOD_PASSWORD), s.login("kalle", GOOD_PASSWORD)]);
        let r = await admin.post("/api/v1/mail/test", { to: "inte en adress" });
        assertProblem(r, 422);
        assert.deepEqual(invalidNames(r), ["to"]);
        r = await admin.post("/api/v1/mail/test", { to: "mottagare@example.se" });
        assert.equal(r.status, 201, r.text);
        assertProblem(await kansli.post("/api/v1/mail/test", { to: "mottagare@example.se" }), 403);
        assertProblem(await kansli.get("/api/v1/mail/outbox"), 403);
        await new Promise((res) => setTimeout(res, 1500));
        const page = await outbox(admin);
        assert.equal(page.total, 1);
        assert.equal(page.items[0].state, "queued");
        assert.equal(page.items[0].attempts, 0);
        assert.equal(page.items[0].recipient, "mottagare@example.se");
        // The read is in the read log.
        const log = await admin.get("/api/v1/audit?entity=mail&action=read");
        assert.equal(log.status, 200, log.text);
        assert.ok(log.body.items.length >= 1);
    } finally {
        await s.close();
    }
});
