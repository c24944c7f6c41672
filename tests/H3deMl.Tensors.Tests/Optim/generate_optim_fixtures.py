#!/usr/bin/env python3
"""Writes Fixtures/optim_fixtures.json: PyTorch's Adam, AdamW, ExponentialLR (with H3DE-Net's floor),
CosineAnnealingLR and clip_grad_norm_ on small, fixed inputs, for OptimizerParityTests.cs.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 generate_optim_fixtures.py
Floats are float32 values written as exact decimal doubles (Python's repr), so the C# side reads them bit-exactly.
"""
import json
import os
import sys

import torch

SHAPES = [(3, 4), (5,), (2, 3, 2), (37,)]  # 37 elements exercise the vector paths and the scalar tail
STEPS = 8
SKIP = {(3, 1)}  # (step, parameter): no gradient, so PyTorch skips the parameter on that step


def initial_params():
    g = torch.Generator().manual_seed(1234)
    return [torch.randn(s, generator=g, dtype=torch.float32) for s in SHAPES]


def gradient_sequence():
    g = torch.Generator().manual_seed(5678)
    seq = []
    for step in range(STEPS):
        scale = 0.1 * (step + 1) if step % 2 == 0 else 2.0 / (step + 1)
        row = []
        for i, s in enumerate(SHAPES):
            t = torch.randn(s, generator=g, dtype=torch.float32) * scale
            row.append(None if (step, i) in SKIP else t)
        seq.append(row)
    return seq


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def run_optimizer(make):
    params = [p.clone().requires_grad_(True) for p in initial_params()]
    opt = make(params)
    history = []
    for row in gradient_sequence():
        for p, gr in zip(params, row):
            p.grad = None if gr is None else gr.clone()
        opt.step()
        history.append([flat(p) for p in params])
    state = opt.state_dict()["state"]
    final_state = {str(i): {"step": int(float(s["step"])), "exp_avg": flat(s["exp_avg"]), "exp_avg_sq": flat(s["exp_avg_sq"])}
                   for i, s in state.items()}
    return {"history": history, "state": final_state}


def exponential(lr0, gamma, floor, epochs):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr0)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=gamma)
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(epochs):
        opt.step()
        # H3DE-Net's main_baseline.py: the scheduler steps only while lr > 0.03 * lr0
        if floor is None or opt.param_groups[0]["lr"] > floor * lr0:
            sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


def cosine(lr0, t_max, eta_min):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr0)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=t_max, eta_min=eta_min)
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(t_max):
        opt.step()
        sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


def clip(scale, max_norm):
    g = torch.Generator().manual_seed(91011)
    grads = [torch.randn(s, generator=g, dtype=torch.float32) * scale for s in SHAPES]
    params = [torch.zeros(s, requires_grad=True) for s in SHAPES]
    for p, gr in zip(params, grads):
        p.grad = gr.clone()
    total = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return {"scale": scale, "max_norm": max_norm, "grads": [flat(x) for x in grads],
            "total_norm": float(total), "clipped": [flat(p.grad) for p in params]}


def main():
    out = {
        "generator": "generate_optim_fixtures.py",
        "torch_version": torch.__version__,
        "python_version": sys.version.split()[0],
        "shapes": [list(s) for s in SHAPES],
        "initial": [flat(p) for p in initial_params()],
        "gradients": [[None if gr is None else flat(gr) for gr in row] for row in gradient_sequence()],
        "adam_h3de": {"lr": 1e-3, "betas": [0.9, 0.98], "eps": 1e-8, "weight_decay": 5e-4,
                      **run_optimizer(lambda ps: torch.optim.Adam(ps, lr=1e-3, betas=(0.9, 0.98), eps=1e-8, weight_decay=5e-4, foreach=False))},
        "adam_default": {"lr": 1e-2, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0,
                         **run_optimizer(lambda ps: torch.optim.Adam(ps, lr=1e-2, foreach=False))},
        "adamw": {"lr": 1e-2, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.05,
                  **run_optimizer(lambda ps: torch.optim.AdamW(ps, lr=1e-2, weight_decay=0.05, foreach=False))},
        "exponential_floor": {"lr0": 1e-3, "gamma": 0.98, "floor": 0.03, "lrs": exponential(1e-3, 0.98, 0.03, 200)},
        "exponential_plain": {"lr0": 0.1, "gamma": 0.9, "lrs": exponential(0.1, 0.9, None, 30)},
        "cosine": {"lr0": 0.01, "t_max": 10, "eta_min": 1e-4, "lrs": cosine(0.01, 10, 1e-4)},
        "clip_large": clip(1.5, 1.0),
        "clip_small": clip(0.01, 5.0),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures", "optim_fixtures.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
