#!/usr/bin/env python3
"""PyTorch baseline for the H3deMl network benchmark (bench/H3deMl.Benchmarks/Network/NetworkBench.cs).

    python3 bench/pytorch/bench_h3denet.py [--threads 2] [--filter h3denet-heatmap] [--repetitions 2]

The reference H3DE-Net (the PyTorch rendering used by the parity tests) on a 1x1x128x128x64 input: forward (eval,
no_grad) and one training step (forward, MSE loss against a zero target, backward, Adam step), for the heatmap and the
anchor network. Each case runs in its own child process; seconds = minimum of the timed repetitions after one warm-up;
peakMemoryMB = peak resident set (VmHWM, reset through /proc/self/clear_refs just before the warm-up) minus the
resident set at that moment (network, optimiser and input already built) -- the same measure as the C# side.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "tests", "H3deMl.Trainers.Tests", "Network", "Fixtures")


def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    return 0


def run_case(head, pass_, threads, repetitions):
    import torch
    sys.path.insert(0, FIXTURES)
    from h3denet_torch import H3DENet

    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = H3DENet(head=head)
    x = torch.rand(1, 1, 128, 128, 64) * 2 - 1
    if pass_ == "forward":
        net.eval()

        def run():
            with torch.no_grad():
                out = net(x)
            return out
    else:
        net.train()
        opt = torch.optim.Adam(net.parameters(), lr=1e-4)

        def run():
            heat, anchors = net(x)
            y = heat if heat is not None else anchors
            loss = torch.nn.functional.mse_loss(y, torch.zeros_like(y))
            opt.zero_grad()
            loss.backward()
            opt.step()

    import gc
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    baseline = status("VmRSS:")
    times, cpu = [], []
    for rep in range(repetitions + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        run()
        if rep > 0:
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    peak = (status("VmHWM:") - baseline) / (1024 * 1024)
    print(json.dumps({"op": "h3denet", "head": head, "pass": pass_, "seconds": round(min(times), 4),
                      "peakMemoryMB": round(peak), "threads": threads,
                      "cpuSeconds": round(min(cpu), 3)}), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--filter", default=None)
    ap.add_argument("--repetitions", type=int, default=2)
    ap.add_argument("--case", nargs=2, default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.case:
        run_case(a.case[0], a.case[1], a.threads, a.repetitions)
        return
    for head in ("heatmap", "anchors"):
        for pass_ in ("forward", "train_step"):
            name = f"h3denet-{head}-{pass_}"
            if a.filter and a.filter not in name:
                continue
            subprocess.run([sys.executable, os.path.abspath(__file__), "--case", head, pass_, "--threads", str(a.threads),
                            "--repetitions", str(a.repetitions)], check=True)


if __name__ == "__main__":
    main()
