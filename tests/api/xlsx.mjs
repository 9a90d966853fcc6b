// xlsx.mjs — reads back an XLSX file the server sent, for the API and browser
// tests: the zip's members (its central directory, then node's raw inflate)
// and the cells of a sheet with their type and whether they are bold. Only
// what Samsyn's writer makes (inline strings, numbers) is understood.

import { inflateRawSync } from "node:zlib";

/** The members of a zip file: name → Buffer. */
export function unzip(buf) {
    let eocd = buf.length - 22;
    while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
    if (eocd < 0) throw new Error("not a zip file");
    const count = buf.readUInt16LE(eocd + 10);
    let at = buf.readUInt32LE(eocd + 16);
    const out = new Map();
    for (let i = 0; i < count; i++) {
        if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error("bad central directory");
        const method = buf.readUInt16LE(at + 10);
        const csize = buf.readUInt32LE(at + 20);
        const nlen = buf.readUInt16LE(at + 28);
        const xlen = buf.readUInt16LE(at + 30);
        const clen = buf.readUInt16LE(at + 32);
        const local = buf.readUInt32LE(at + 42);
        const name = buf.toString("utf8", at + 46, at + 46 + nlen);
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const data = buf.subarray(start, start + csize);
        out.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
        at += 46 + nlen + xlen + clen;
    }
    return out;
}

const unescape = (s) =>
    s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** The cellXfs indices whose font is bold. */
function boldStyles(styles) {
    const fonts = [...(/<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(styles)?.[1] ?? "").matchAll(/<font>([\s\S]*?)<\/font>/g)].map(
        (m) => m[1].includes("<b/>"),
    );
    const xfs = [...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "").matchAll(/<xf [^>]*>/g)];
    const bold = new Set();
    xfs.forEach((m, i) => {
        const f = /fontId="(\d+)"/.exec(m[0]);
        if (fonts[f ? Number(f[1]) : 0]) bold.add(i);
    });
    return bold;
}

/**
 * Sheet n (1-based: the first by default) of an XLSX file: rows (1-based row
 * number → array of cells {ref, col, type: "n"|"s", value, bold}, col
 * 0-based), frozenRows (rows above the frozen pane, 0 when none), cols
 * (<col> widths) and xml.
 */
export function readSheet(buf, n = 1) {
    const files = unzip(buf);
    const xml = files.get(`xl/worksheets/sheet${n}.xml`)?.toString("utf8");
    if (!xml) throw new Error(`no xl/worksheets/sheet${n}.xml`);
    const bold = boldStyles(files.get("xl/styles.xml").toString("utf8"));
    const rows = new Map();
    for (const row of xml.matchAll(/<row r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
        const cells = [];
        for (const c of row[2].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
            const attrs = c[2];
            const s = /\bs="(\d+)"/.exec(attrs);
            const inline = /t="inlineStr"/.test(attrs);
            const col = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
            const body = c[3] ?? "";
            const value = inline ? unescape(/<t[^>]*>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? "") : Number(/<v>(.*?)<\/v>/.exec(body)?.[1]);
            cells.push({ ref: c[1] + row[1], col, type: inline ? "s" : "n", value, bold: bold.has(s ? Number(s[1]) : 0) });
        }
        rows.set(Number(row[1]), cells);
    }
    const pane = /<pane [^>]*ySplit="(\d+)"[^>]*state="frozen"/.exec(xml);
    const cols = [...xml.matchAll(/<col min="(\d+)" max="(\d+)" width="([\d.]+)"/g)].map((m) => ({
        min: Number(m[1]),
        max: Number(m[2]),
        width: Number(m[3]),
    }));
    return { rows, frozenRows: pane ? Number(pane[1]) : 0, cols, xml };
}

/** The names of an XLSX file's sheets, in order. */
export function sheetNames(buf) {
    const xml = unzip(buf).get("xl/workbook.xml").toString("utf8");
    return [...xml.matchAll(/<sheet name="([^"]*)"/g)].map((m) => unescape(m[1]));
}

/** A row's values by column (empty columns undefined). */
export function rowValues(cells) {
    const out = [];
    for (const c of cells ?? []) out[c.col] = c.value;
    return out;
}
