#!/usr/bin/env python3
# kommun-neighbours.py — computes which Swedish municipalities share a border.
#
# Run by hand (not part of the build), when the municipal map changes:
#   python3 scripts/kommun-neighbours.py swedish_municipalities.geojson \
#       > src/se/data/kommun_neighbours.csv
# Input: okfse/sweden-geojson, swedish_municipalities.geojson (simplified
# municipality polygons derived from Valmyndigheten's data; property "id" is
# SCB's 4-digit kommun code). Polygon and MultiPolygon are both handled; every
# ring (outer or hole) counts as boundary.
# Output (stdout): CSV "kod_a,kod_b", one row per pair, kod_a < kod_b, sorted.
# Checks (stderr): pair counts, municipalities without neighbours, and the
# sanity cases in docs/matching.md. Exits non-zero if a check fails.
#
# Rule: a and b are neighbours when a vertex of one lies within TOL_M metres
# of a boundary segment of the other (a shared vertex is distance 0). The
# tolerance covers the small gaps the simplification leaves between
# neighbours; it is far smaller than open water between coasts, so places
# that face each other across water are not counted unless the polygons touch.
# Pure Python, no packages; a grid keeps it to a few seconds.
import csv, json, math, sys
from collections import defaultdict

TOL_M = 300.0
KY = 111_320.0                   # metres per degree latitude
CELL = 2_000.0                   # grid cell, metres


def rings_of(geom):
    if geom["type"] == "Polygon":
        return geom["coordinates"]
    if geom["type"] == "MultiPolygon":
        return [ring for poly in geom["coordinates"] for ring in poly]
    raise ValueError("unsupported geometry " + geom["type"])


def project(lon, lat):
    # Metres, locally: longitude scaled by the cosine of the point's own
    # latitude, so distances stay right from 55° to 69° N.
    return (lon * KY * math.cos(math.radians(lat)), lat * KY)


def seg_dist2(p, a, b):
    ax, ay = a; bx, by = b; px, py = p
    dx, dy = bx - ax, by - ay
    l2 = dx * dx + dy * dy
    t = 0.0 if l2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / l2))
    qx, qy = ax + t * dx - px, ay + t * dy - py
    return qx * qx + qy * qy


def main(path):
    fc = json.load(open(path, encoding="utf-8"))
    segs = defaultdict(list)        # grid cell -> [(code, a, b)]
    verts = defaultdict(set)        # code -> projected vertices
    for f in fc["features"]:
        code = str(f["properties"]["id"]).zfill(4)
        for ring in rings_of(f["geometry"]):
            pts = [project(x, y) for x, y in ring]
            verts[code].update(pts)
            for a, b in zip(pts, pts[1:]):
                x0 = int(math.floor((min(a[0], b[0]) - TOL_M) / CELL))
                x1 = int(math.floor((max(a[0], b[0]) + TOL_M) / CELL))
                y0 = int(math.floor((min(a[1], b[1]) - TOL_M) / CELL))
                y1 = int(math.floor((max(a[1], b[1]) + TOL_M) / CELL))
                for gx in range(x0, x1 + 1):
                    for gy in range(y0, y1 + 1):
                        segs[(gx, gy)].append((code, a, b))
    tol2 = TOL_M * TOL_M
    pairs = set()
    for code, pts in verts.items():
        for p in pts:
            cell = (int(math.floor(p[0] / CELL)), int(math.floor(p[1] / CELL)))
            for other, a, b in segs.get(cell, ()):
                if other == code or (min(code, other), max(code, other)) in pairs:
                    continue
                if seg_dist2(p, a, b) <= tol2:
                    pairs.add((min(code, other), max(code, other)))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["kod_a", "kod_b"])
    for a, b in sorted(pairs):
        out.writerow([a, b])
    return set(verts), pairs


def check(codes, pairs):
    near = defaultdict(set)
    for a, b in pairs:
        near[a].add(b); near[b].add(a)
    ok = True
    def expect(cond, what):
        nonlocal ok
        print(("ok   " if cond else "FAIL ") + what, file=sys.stderr)
        ok = ok and cond
    print(f"{len(codes)} municipalities, {len(pairs)} pairs", file=sys.stderr)
    lonely = sorted(c for c in codes if not near[c])
    print("without neighbours: " + (", ".join(lonely) or "none"), file=sys.stderr)
    expect(len(codes) == 290, "290 municipalities")
    expect(700 <= len(pairs) <= 1000, "pair count plausible (700–1000)")
    expect({"1487", "1462"} <= near["1488"], "Trollhättan 1488 borders Vänersborg 1487 and Lilla Edet 1462")
    expect({"1487", "1488"} <= near["1444"], "Grästorp 1444 borders Vänersborg 1487 and Trollhättan 1488")
    expect("0184" in near["0180"], "Stockholm 0180 borders Solna 0184")
    expect("1488" not in near["1480"], "Göteborg 1480 does not border Trollhättan 1488")
    expect(not near["0980"], "Gotland 0980 has no land neighbours")
    expect(lonely == ["0980"], "every municipality but Gotland has a neighbour")
    return ok


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: kommun-neighbours.py swedish_municipalities.geojson > kommun_neighbours.csv")
    codes, pairs = main(sys.argv[1])
    sys.exit(0 if check(codes, pairs) else 1)
