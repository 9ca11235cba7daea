"""Contour lines of a gridded function by marching squares, joined into polylines.

Each grid cell whose corners lie on both sides of a level holds one crossing segment (two
for a saddle, split by the cell's mean); segments meeting on a shared cell edge are joined,
so a closed contour comes out as one closed polyline.
"""

from __future__ import annotations

import numpy as np

# corner bits: 1 = (j, i), 2 = (j, i+1), 4 = (j+1, i+1), 8 = (j+1, i); edges: b(ottom), r(ight), t(op), l(eft)
_CASES = {
    1: [("l", "b")], 2: [("b", "r")], 3: [("l", "r")], 4: [("r", "t")], 6: [("b", "t")],
    7: [("l", "t")], 8: [("t", "l")], 9: [("t", "b")], 11: [("t", "r")], 12: [("r", "l")],
    13: [("r", "b")], 14: [("b", "l")],
}
_SADDLES = {  # (centre above the level?) → segments
    5: {True: [("l", "t"), ("r", "b")], False: [("l", "b"), ("r", "t")]},
    10: {True: [("b", "l"), ("t", "r")], False: [("b", "r"), ("t", "l")]},
}


def _edge(j: int, i: int, side: str) -> tuple:
    """A cell side as the grid edge it is: ("h", j, i) runs from node (j, i) to (j, i+1)."""
    return {"b": ("h", j, i), "t": ("h", j + 1, i), "l": ("v", j, i), "r": ("v", j, i + 1)}[side]


def lines(x: np.ndarray, y: np.ndarray, z: np.ndarray, level: float) -> list[np.ndarray]:
    """Polylines (arrays of (x, y) rows) where ``z`` (rows along ``y``) crosses ``level``."""
    above = z > level
    code = (above[:-1, :-1] * 1 + above[:-1, 1:] * 2 + above[1:, 1:] * 4 + above[1:, :-1] * 8)
    finite = np.isfinite(z)
    ok = finite[:-1, :-1] & finite[:-1, 1:] & finite[1:, 1:] & finite[1:, :-1]
    cells = np.argwhere((code > 0) & (code < 15) & ok)
    points: dict[tuple, tuple[float, float]] = {}

    def point(edge: tuple) -> tuple:
        if edge not in points:
            kind, j, i = edge
            j2, i2 = (j, i + 1) if kind == "h" else (j + 1, i)
            z1, z2 = z[j, i], z[j2, i2]
            t = (level - z1) / (z2 - z1)
            points[edge] = (x[i] + t * (x[i2] - x[i]), y[j] + t * (y[j2] - y[j]))
        return edge

    neighbours: dict[tuple, list[tuple]] = {}
    for j, i in cells.tolist():
        c = int(code[j, i])
        if c in _SADDLES:
            centre = (z[j, i] + z[j, i + 1] + z[j + 1, i + 1] + z[j + 1, i]) / 4 > level
            pairs = _SADDLES[c][bool(centre)]
        else:
            pairs = _CASES[c]
        for a, b in pairs:
            ea, eb = point(_edge(j, i, a)), point(_edge(j, i, b))
            neighbours.setdefault(ea, []).append(eb)
            neighbours.setdefault(eb, []).append(ea)
    out = []
    seen: set = set()
    # open chains start at an end (one neighbour), then whatever is left is closed loops
    starts = [e for e, n in neighbours.items() if len(n) == 1] + list(neighbours)
    for start in starts:
        if start in seen:
            continue
        chain, prev, cur = [start], None, start
        seen.add(start)
        while True:
            nxt = [e for e in neighbours[cur] if e != prev and e not in seen]
            if not nxt:
                if len(chain) > 2 and start in neighbours[cur] and prev is not None:
                    chain.append(start)  # closed
                break
            prev, cur = cur, nxt[0]
            seen.add(cur)
            chain.append(cur)
        if len(chain) >= 2:
            out.append(np.array([points[e] for e in chain]))
    return out
