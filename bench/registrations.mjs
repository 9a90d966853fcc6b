// registrations.mjs — posts N public registrations at once over C
// keep-alive connections (node:http, an Agent of C sockets) to one session's
// form: node bench/registrations.mjs URL TOKEN N C. Prints the wall time
// and how the server answered ("seconds=… 201=… 503=…"); a 503 (the
// database busy past its wait) is posted again after its Retry-After, so
// every person is registered once in the end. Used by
// bench/registrations.sh.
import http from "node:http";

const [url, token, nText, cText] = process.argv.slice(2);
const n = Number(nText), connections = Number(cText);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const { hostname, port } = new URL(url);
const counts = {};

function post(i) {
    const body = JSON.stringify({
        first_name: `Person${i}`, last_name: "Bänk", email: `person${i}@example.se`, sex: i % 2 ? "female" : "male",
        employer_name: "Bänkverket AB", consent: true, website: "",
    });
    return new Promise((resolve, reject) => {
        const req = http.request({
            agent, hostname, port, method: "POST", path: `/api/v1/public/sessions/${token}/registrations`,
            headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
        }, (res) => {
            res.resume();
            res.on("end", () => resolve(res));
        });
        req.on("error", reject);
        req.end(body);
    });
}

async function register(i) {
    for (;;) {
        const res = await post(i);
        counts[res.statusCode] = (counts[res.statusCode] ?? 0) + 1;
        if (res.statusCode !== 503) return;
        await new Promise((r) => setTimeout(r, 1000 * Number(res.headers["retry-after"] ?? 1)));
    }
}

const t0 = process.hrtime.bigint();
await Promise.all(Array.from({ length: n }, (_, i) => register(i)));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
agent.destroy();
console.log(`seconds=${seconds.toFixed(3)} ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(" ")}`);
