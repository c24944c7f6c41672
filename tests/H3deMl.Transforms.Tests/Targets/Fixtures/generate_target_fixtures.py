#!/usr/bin/env python3
"""Reference target definitions of H3DE-Net (H3DE-NET.md §3.1 anchor proposals, §4.1 heatmap target), written
independently from the description with NumPy, evaluated on a few landmark positions -> target_fixtures.json.

Run: python3 generate_target_fixtures.py   (numpy 1.24.2 was used for the committed fixture)
"""
import json
import numpy as np

SIZE = (128, 128, 64)           # crop (A0, A1, A2) = (i, j, k)
STRIDE = 4                      # grid "shrink"
RADII = [0.5, 0.75, 1.0, 1.25]  # anchor radii in cells
R = 20.0                        # heatmap focus radius in voxels
MISSING = -1000.0

LANDMARKS = np.array([
    [10.3, 20.7, 30.1],
    [64.0, 64.0, 32.0],     # exactly on a cell corner
    [2.0, 127.2, 63.4],     # near the edges (clamped search)
    [MISSING, MISSING, MISSING],
    [42.0, 18.0, 10.0],     # u = 10.5 along A0: r = 0.5 has no positive cell
    [100.9, 3.3, 0.2],
], dtype=np.float64)


def is_missing(g):
    return g.mean() < -100


def proposals(landmarks):
    """Per anchor: rows [c, w, h, t0, t1, t2, label] in landmark order, cells ascending; missing -> [0]*6 + [-1-l]."""
    grid = np.array(SIZE) // STRIDE
    out = [[] for _ in RADII]
    for l, g in enumerate(landmarks):
        for a, r in enumerate(RADII):
            if is_missing(g):
                out[a].append([0, 0, 0, 0, 0, 0, -1 - l])
                continue
            u = g / STRIDE
            lo = np.maximum(0, np.floor(u - r)).astype(int)
            hi = np.minimum(grid - 1, np.ceil(u + r)).astype(int)
            for c in range(lo[0], hi[0] + 1):
                for w in range(lo[1], hi[1] + 1):
                    for h in range(lo[2], hi[2] + 1):
                        cell = np.array([c, w, h], dtype=np.float64)
                        if np.all(np.abs(u - cell) < r):
                            t = (u - cell) / r
                            out[a].append([c, w, h, float(t[0]), float(t[1]), float(t[2]), l])
    return out


def heatmap_value(g, voxel):
    if is_missing(g):
        return -1.0
    d2 = float(np.sum((np.array(voxel, dtype=np.float64) - g) ** 2))
    return 2.0 * np.exp(-d2 / (0.2 * R * R)) if np.sqrt(d2) <= R else -1.0


def main():
    rng = np.random.default_rng(20261122)
    samples = []
    for l, g in enumerate(LANDMARKS):
        centre = np.clip(np.round(g), 0, np.array(SIZE) - 1) if not is_missing(g) else np.array([5, 5, 5])
        picks = [centre]
        picks += [np.clip(centre + rng.integers(-25, 26, size=3), 0, np.array(SIZE) - 1) for _ in range(12)]
        picks += [rng.integers(0, np.array(SIZE)) for _ in range(4)]
        for p in picks:
            p = [int(x) for x in p]
            samples.append([l] + p + [heatmap_value(g, p)])
    fixture = {
        "generator": "generate_target_fixtures.py",
        "numpy": np.__version__,
        "size": list(SIZE),
        "stride": STRIDE,
        "radii": RADII,
        "radiusVoxels": R,
        "landmarks": LANDMARKS.tolist(),
        "present": [not is_missing(g) for g in LANDMARKS],
        "proposals": proposals(LANDMARKS),
        "heatmapSamples": samples,
    }
    with open("target_fixtures.json", "w") as f:
        json.dump(fixture, f, indent=1)


if __name__ == "__main__":
    main()
