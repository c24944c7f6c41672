#!/usr/bin/env python3
"""PyTorch baseline for the H3deMl quick benchmark: the same cases, printed as the same JSON lines.

    python3 bench/pytorch/bench_ops.py [--threads 2] [--filter text]

seconds = median of several repetitions after two warm-up runs; GFLOP/s counts 2*MACs of the forward pass, twice that
for the backward pass (input gradient + weight gradient (+ bias gradient), through autograd).
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

CONV_CASES = [
    # name, cin, cout, k, stride, (D, H, W), groups
    ("48-16-k3s1-128x128x64", 48, 16, 3, 1, (128, 128, 64), 1),
    ("16-16-k3s1-128x128x64", 16, 16, 3, 1, (128, 128, 64), 1),
    ("96-32-k3s1-64x64x32", 96, 32, 3, 1, (64, 64, 32), 1),
    ("192-64-k3s1-32x32x16", 192, 64, 3, 1, (32, 32, 16), 1),
    ("768-256-k3s1-8x8x4", 768, 256, 3, 1, (8, 8, 4), 1),
    ("1-32-k3s2-128x128x64", 1, 32, 3, 2, (128, 128, 64), 1),
    ("dw64-k5s1-32x32x16", 64, 64, 5, 1, (32, 32, 16), 64),
]


def median_seconds(fn, min_reps=5, min_total=1.5, max_reps=50):
    fn()
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_reps or (time.perf_counter() - start < min_total and len(times) < max_reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def emit(op, case, pass_, seconds, flops):
    print(json.dumps({"op": op, "case": case, "pass": pass_, "seconds": round(seconds, 6),
                      "gflops": round(flops / seconds / 1e9, 2)}), flush=True)


def conv_case(name, cin, cout, k, s, size, groups):
    torch.manual_seed(0)
    x = torch.randn(1, cin, *size)
    w = torch.randn(cout, cin // groups, k, k, k)
    b = torch.randn(cout)
    p = k // 2
    y = F.conv3d(x, w, b, stride=s, padding=p, groups=groups)
    macs = y.numel() * (cin // groups) * k ** 3
    flops = 2.0 * macs

    def fwd():
        with torch.no_grad():
            F.conv3d(x, w, b, stride=s, padding=p, groups=groups)

    emit("conv3d", name, "forward", median_seconds(fwd), flops)

    xg = x.clone().requires_grad_(True)
    wg = w.clone().requires_grad_(True)
    bg = b.clone().requires_grad_(True)
    out = F.conv3d(xg, wg, bg, stride=s, padding=p, groups=groups)
    dy = torch.randn_like(out)

    def bwd():
        xg.grad = None
        wg.grad = None
        bg.grad = None
        torch.autograd.grad(out, (xg, wg, bg), dy, retain_graph=True)

    emit("conv3d", name, "backward", median_seconds(bwd), 2 * flops)


def linear_case():
    rows, inf, outf = 16384, 64, 256
    torch.manual_seed(0)
    x = torch.randn(rows, inf)
    w = torch.randn(outf, inf)
    b = torch.randn(outf)
    flops = 2.0 * rows * inf * outf

    def fwd():
        with torch.no_grad():
            F.linear(x, w, b)

    emit("linear", "64-256-16384rows", "forward", median_seconds(fwd), flops)
    xg = x.clone().requires_grad_(True)
    wg = w.clone().requires_grad_(True)
    bg = b.clone().requires_grad_(True)
    out = F.linear(xg, wg, bg)
    dy = torch.randn_like(out)

    def bwd():
        torch.autograd.grad(out, (xg, wg, bg), dy, retain_graph=True)

    emit("linear", "64-256-16384rows", "backward", median_seconds(bwd), 2 * flops)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--filter", default=None)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    for c in CONV_CASES:
        if args.filter is None or args.filter in c[0]:
            conv_case(*c)
    if args.filter is None or args.filter in "linear" or args.filter in "64-256-16384rows":
        linear_case()


if __name__ == "__main__":
    main()
