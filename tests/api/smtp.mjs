// smtp.mjs — a real SMTP server for the tests of mail (the npm package
// smtp-server, a devDependency of web/), and the reading of what arrived:
// headers unfolded, RFC 2047 subjects and quoted-printable bodies decoded.

import { createRequire } from "node:module";
import path from "node:path";
import { REPO } from "./lib.mjs";

const { SMTPServer } = createRequire(path.join(REPO, "web", "package.json"))("smtp-server");

/**
 * An SMTP server on a free port of 127.0.0.1, without login or TLS.
 * refuse: the reply code to every DATA (nothing is received).
 * → {port, url, received: [{from, to, raw}], mailsTo(address), close()}
 */
export async function startSmtp({ refuse } = {}) {
    const received = [];
    const smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ["AUTH", "STARTTLS"],
        logger: false,
        onData(stream, session, callback) {
            const chunks = [];
            stream.on("data", (c) => chunks.push(c));
            stream.on("end", () => {
                if (refuse) {
                    const err = new Error("Prova igen senare");
                    err.responseCode = refuse;
                    return callback(err);
                }
                received.push({
                    from: session.envelope.mailFrom.address,
                    to: session.envelope.rcptTo.map((r) => r.address),
                    raw: Buffer.concat(chunks).toString("utf8"),
                });
                callback();
            });
        },
    });
    await new Promise((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const port = smtp.server.address().port;
    return {
        port,
        url: `smtp://127.0.0.1:${port}`,
        received,
        /** The mails that arrived for address (any case), in order: {subject, text, headers}. */
        mailsTo: (address) =>
            received.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase())).map((m) => readMail(m.raw)),
        close: () => new Promise((r) => smtp.close(r)),
    };
}

/** Headers (names lower-cased, folded lines unfolded) and body of a message. */
export function parseMessage(raw) {
    const at = raw.indexOf("\r\n\r\n");
    const head = raw.slice(0, at).replace(/\r\n[ \t]/g, " ");
    const headers = {};
    for (const line of head.split("\r\n")) {
        const i = line.indexOf(":");
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    return { headers, body: raw.slice(at + 4) };
}

/** A header's RFC 2047 UTF-8 words decoded. */
export const decodeWords = (v) =>
    v.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_, b) => Buffer.from(b, "base64").toString("utf8")).trim();

/** A quoted-printable body as UTF-8 text. */
export function decodeQuotedPrintable(text) {
    const soft = text.replace(/=\r\n/g, "");
    const bytes = [];
    for (let i = 0; i < soft.length; i++) {
        if (soft[i] === "=" && /^[0-9A-F]{2}$/.test(soft.slice(i + 1, i + 3))) {
            bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
            i += 2;
        } else bytes.push(soft.charCodeAt(i));
    }
    return Buffer.from(bytes).toString("utf8");
}

/** A message as a person reads it: {subject, text, headers}. */
export function readMail(raw) {
    const { headers, body } = parseMessage(raw);
    return { subject: decodeWords(headers.subject ?? ""), text: decodeQuotedPrintable(body), headers };
}
