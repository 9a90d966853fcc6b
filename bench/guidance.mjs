// guidance.mjs — C clients, each with its own keep-alive connection, try at
// once to book every one of the same T SYV times (each client for its own
// participant, the times in its own shuffled order): node bench/guidance.mjs
// URL TOKEN C T FIRST_TIME FIRST_PARTICIPANT. A 503 (the database busy past
// its wait) is tried again after its Retry-After and not counted as an
// attempt. Prints the wall time, the totals and, per client, whether its
// 201s + 409s equal its attempts, as one line of key=value pairs, then one
// line per time won: "won TIME PARTICIPANT". Used by bench/guidance.sh.
import http from "node:http";

const [url, token, cText, tText, firstTimeText, firstParticipantText] = process.argv.slice(2);
const clients = Number(cText), times = Number(tText), firstTime = Number(firstTimeText), firstParticipant = Number(firstParticipantText);
const { hostname, port } = new URL(url);

function post(agent, time, participant) {
    const body = JSON.stringify({ participant_id: participant });
    return new Promise((resolve, reject) => {
        const req = http.request({
            agent, hostname, port, method: "POST", path: `/api/v1/guidance-times/${time}/booking`,
            headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Authorization: `Bearer ${token}` },
        }, (res) => {
            res.resume();
            res.on("end", () => resolve(res));
        });
        req.on("error", reject);
        req.end(body);
    });
}

// A small deterministic shuffle (each client its own order, the same every run).
function order(seed) {
    const a = Array.from({ length: times }, (_, i) => firstTime + i);
    let x = seed * 2654435761 % 4294967296 || 1;
    for (let i = a.length - 1; i > 0; i--) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const j = x % (i + 1);
        [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
}

const won = [];
async function client(k) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const participant = firstParticipant + k;
    const c = { attempts: 0, created: 0, conflict: 0, busy: 0, other: 0 };
    for (const time of order(k + 1)) {
        c.attempts++;
        for (;;) {
            const res = await post(agent, time, participant);
            if (res.statusCode === 503) {
                c.busy++;
                await new Promise((r) => setTimeout(r, 1000 * Number(res.headers["retry-after"] ?? 1)));
                continue;
            }
            if (res.statusCode === 201) {
                c.created++;
                won.push([time, participant]);
            } else if (res.statusCode === 409) c.conflict++;
            else c.other++;
            break;
        }
    }
    agent.destroy();
    return c;
}

const t0 = process.hrtime.bigint();
const results = await Promise.all(Array.from({ length: clients }, (_, k) => client(k)));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const sum = (f) => results.reduce((s, c) => s + c[f], 0);
const balanced = results.filter((c) => c.created + c.conflict === c.attempts && c.other === 0).length;
console.log(`seconds=${seconds.toFixed(3)} attempts=${sum("attempts")} 201=${sum("created")} 409=${sum("conflict")}` +
    ` 503_retried=${sum("busy")} other=${sum("other")} clients_balanced=${balanced}/${clients}` +
    ` per_client_201=${Math.min(...results.map((c) => c.created))}..${Math.max(...results.map((c) => c.created))}`);
for (const [t, p] of won) console.log(`won ${t} ${p}`);
