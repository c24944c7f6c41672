#!/usr/bin/python3
"""Writes the PyTorch parity fixtures for H3deMl.Tensors.

Run from anywhere with Debian's PyTorch (apt-get install python3-torch python3-numpy):

    /usr/bin/python3 tests/H3deMl.Tensors.Tests/Parity/generate_parity_fixtures.py

Output: tests/H3deMl.Tensors.Tests/Parity/Fixtures/
  manifest.json                 versions, tolerance classes and one entry per case
  <op>/<case>.<array>.npy       one C-order little-endian array per file (float32, or int64 for indices)

Each manifest case:
  op, case        names (the C# tests pick their cases by op)
  tolerance       "exact" (rtol 1e-5: copies, selections, correctly rounded element-wise ops) or
                  "approx" (rtol 1e-4: accumulations, transcendental functions)
  params          op arguments (axis, stride, reduction, ...)
  inputs          [{name, file, requires_grad, permute?, slice?}]: the stored array is the LEAF; when `permute`
                  (a permutation) or `slice` ([axis, start, length]) is given, the op receives leaf.permute(...) or
                  leaf.narrow(...), a non-contiguous view, and the stored gradient is the leaf's gradient.
  outputs       [{name, file, grad_out?}]: grad_out is the random upstream gradient for that output
  grads         [{name, file}]: d(sum_i <output_i, grad_out_i>)/d(leaf) for every input that requires a gradient

Oracle precision: every float input is drawn in float32 and stored in float32; the oracle converts the stored float32
values to float64, runs the op and autograd in float64 and rounds the results to float32. The engine computes in float32,
so its error against this oracle is its own rounding error only (not the sum of two float32 errors). This is done for
every op: for exact ops it changes nothing (float64 results of float32 copies, sums and products round to the same
float32), for accumulating ops (conv, matmul, norms, reductions, softmax) it makes the oracle the correctly rounded value.
Indices (gather, batched index select, top-k) are int64.

Tolerance class per op (the C# harness adds an absolute floor, see ParityHarness.cs):
  exact  (1e-5)  add, sub, mul, add/sub/rsub/mul/div_scalar (power-of-two divisor), neg, abs, clamp, relu, leaky_relu,
                 reshape, permute, transpose, slice, unsqueeze, squeeze, concat, split, pad, gather,
                 batched_index_select, topk, where: a float32 engine gets the correctly rounded (or copied) value.
  approx (1e-4)  div, rdiv_scalar, exp, log, sqrt, square, pow, sigmoid, tanh, gelu, softmax, log_softmax, sum, mean,
                 linear, matmul, conv3d, avg_pool3d, upsample_trilinear, instance_norm, layer_norm, the losses:
                 transcendental functions or float32 accumulation.

Randomness: one torch.Generator, reseeded for every case from SEED and the case's op/name (see seeded()), so rerunning
the script gives the same files for the same torch version and adding a case changes no other case's files.
"""

import json
import os
import shutil
import zlib

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20261122
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures")

gen = torch.Generator().manual_seed(SEED)
cases = []
_seeded_case = [None]


def seeded(op, case):
    """Reseeds the generator from the case's name (once per case), so adding or removing a case leaves every other
    case's arrays unchanged. Call sites pass the case name through it before drawing that case's inputs."""
    key = f"{op}/{case}"
    if _seeded_case[0] != key:
        gen.manual_seed((SEED ^ zlib.crc32(key.encode())) & 0x7FFFFFFFFFFFFFFF)
        _seeded_case[0] = key
    return case
shutil.rmtree(ROOT, ignore_errors=True)  # stale fixtures of renamed cases must not linger


# ----------------------------------------------------------------------------------------------------------------------
# helpers

def randn(*shape, scale=1.0):
    return (torch.randn(tuple(shape), generator=gen) * scale).float()


def uniform(lo, hi, *shape):
    return (torch.rand(tuple(shape), generator=gen) * (hi - lo) + lo).float()


def distinct(*shape):
    """Random values that are all distinct and well separated (no ties for top-k), in (-n/2, n/2)/4."""
    n = int(np.prod(shape))
    perm = torch.randperm(n, generator=gen).double()
    jitter = torch.rand(n, generator=gen).double() * 0.5
    return ((perm + jitter - n / 2) / 4).reshape(*shape).float()


def randint(lo, hi, *shape):
    return torch.randint(lo, hi, shape, generator=gen, dtype=torch.int64)


class Inp:
    """One op input: a float32 leaf (optionally viewed non-contiguously) or an int64 index array."""

    def __init__(self, name, value, requires_grad=True, permute=None, slice=None):
        self.name = name
        self.value = value
        self.requires_grad = requires_grad and value.dtype.is_floating_point
        self.permute = permute
        self.slice = slice


def add_case(op, case, inputs, fn, params=None, tolerance="approx", grad_outputs=True):
    """Runs fn(**views) in float64, stores inputs, outputs, random upstream gradients and leaf gradients."""
    assert _seeded_case[0] == f"{op}/{case}", f"{op}/{case}: pass the case name through seeded() before drawing its inputs"
    assert all(c["op"] != op or c["case"] != case for c in cases), f"duplicate case {op}/{case}"
    leaves = {}
    views = {}
    for inp in inputs:
        if inp.value.dtype.is_floating_point:
            leaf = inp.value.double().detach().requires_grad_(inp.requires_grad)
        else:
            leaf = inp.value
        leaves[inp.name] = leaf
        v = leaf
        if inp.permute is not None:
            v = v.permute(*inp.permute)
        if inp.slice is not None:
            v = v.narrow(*inp.slice)
        views[inp.name] = v
    out = fn(**views)
    if not isinstance(out, dict):
        out = {"out": out}

    folder = os.path.join(ROOT, op)
    os.makedirs(folder, exist_ok=True)

    def save(suffix, t):
        fname = f"{op}/{case}.{suffix}.npy"
        arr = t.detach().cpu().numpy()
        arr = arr.astype(np.int64) if arr.dtype.kind in "iub" else arr.astype(np.float32)
        # np.array keeps 0-d arrays 0-d (np.ascontiguousarray would make them 1-d).
        np.save(os.path.join(ROOT, fname), np.array(arr, order="C", copy=True), allow_pickle=False)
        return fname

    entry = {"op": op, "case": case, "tolerance": tolerance, "params": params or {}, "inputs": [], "outputs": [], "grads": []}
    for inp in inputs:
        e = {"name": inp.name, "file": save(inp.name, inp.value), "requires_grad": inp.requires_grad}
        if inp.permute is not None:
            e["permute"] = list(inp.permute)
        if inp.slice is not None:
            e["slice"] = list(inp.slice)
        entry["inputs"].append(e)

    objective = None
    for name, t in out.items():
        e = {"name": name, "file": save("out_" + name, t)}
        if grad_outputs and t.dtype.is_floating_point and t.requires_grad:
            g = randn(*t.shape).double()
            e["grad_out"] = save("gout_" + name, g)
            term = (t * g).sum()
            objective = term if objective is None else objective + term
        entry["outputs"].append(e)

    if objective is not None:
        objective.backward()
        for inp in inputs:
            if inp.requires_grad:
                g = leaves[inp.name].grad
                if g is None:
                    g = torch.zeros_like(leaves[inp.name])
                entry["grads"].append({"name": inp.name, "file": save("grad_" + inp.name, g)})
    cases.append(entry)


# ----------------------------------------------------------------------------------------------------------------------
# element-wise binary ops with broadcasting

BROADCASTS = [
    # name, shape a, shape b, permute of a's leaf (None = contiguous)
    ("same_3x4x5", (3, 4, 5), (3, 4, 5), None),
    ("scalar_rank0", (3, 4, 5), (), None),
    ("trailing", (3, 4, 5), (5,), None),
    ("leading", (3, 4, 5), (3, 1, 1), None),
    ("middle", (3, 4, 5), (1, 4, 1), None),
    ("both_sides", (3, 1, 5), (1, 4, 1), None),
    ("rank_up_both", (2, 1, 3, 1), (7, 1, 6), None),
    ("size1_odd", (1, 7, 1), (1, 1, 1), None),
    ("noncontig_a", (3, 4, 5), (4, 5), (2, 0, 1)),  # a's leaf is (4, 5, 3), viewed as (3, 4, 5)
    ("simd_tail_1x37", (1, 37), (37,), None),
    ("long_517", (517,), (517,), None),
]


def binary_cases(op, fn, b_positive=False):
    for name, sa, sb, perm in BROADCASTS:
        seeded(op, name)
        if perm is not None:
            leaf_shape = tuple(sa[p] for p in np.argsort(perm))  # leaf.permute(perm) has shape sa
            a = Inp("a", randn(*leaf_shape), permute=perm)
        else:
            a = Inp("a", randn(*sa))
        bv = uniform(0.5, 2.0, *sb) * torch.where(torch.rand(sb, generator=gen) < 0.5, -1.0, 1.0) if b_positive else randn(*sb)
        tol = "exact" if op in ("add", "sub", "mul") else "approx"
        add_case(op, seeded(op, name), [a, Inp("b", bv.float())], fn, tolerance=tol)


binary_cases("add", lambda a, b: a + b)
binary_cases("sub", lambda a, b: a - b)
binary_cases("mul", lambda a, b: a * b)
binary_cases("div", lambda a, b: a / b, b_positive=True)

# tensor ∘ scalar and scalar ∘ tensor
for op, scalar, fn, tol, positive in [
    ("add_scalar", 2.5, lambda x: x + 2.5, "exact", False),
    ("sub_scalar", 1.5, lambda x: x - 1.5, "exact", False),
    ("rsub_scalar", 1.5, lambda x: 1.5 - x, "exact", False),
    ("mul_scalar", -3.0, lambda x: x * -3.0, "exact", False),
    ("div_scalar", 4.0, lambda x: x / 4.0, "exact", False),
    ("rdiv_scalar", 3.0, lambda x: 3.0 / x, "approx", True),
]:
    for name, shape in [("odd_3x5x7", (3, 5, 7)), ("rank0", ()), ("len_33", (33,))]:
        seeded(op, name)
        v = uniform(0.5, 2.0, *shape) if positive else randn(*shape)
        add_case(op, seeded(op, name), [Inp("x", v)], lambda x, fn=fn: fn(x), params={"scalar": scalar}, tolerance=tol)
    seeded(op, "noncontig")
    leaf = uniform(0.5, 2.0, 5, 3, 4) if positive else randn(5, 3, 4)
    add_case(op, seeded(op, "noncontig"), [Inp("x", leaf, permute=(1, 2, 0))], lambda x, fn=fn: fn(x), params={"scalar": scalar}, tolerance=tol)

# ----------------------------------------------------------------------------------------------------------------------
# element-wise unary ops

UNARY_SHAPES = [("odd_3x5x7", (3, 5, 7)), ("len_1", (1,)), ("len_67", (67,))]


def unary_cases(op, fn, make, params=None, tol="approx", noncontig=True):
    for name, shape in UNARY_SHAPES:
        add_case(op, seeded(op, name), [Inp("x", make(*shape))], fn, params=params, tolerance=tol)
    if noncontig:
        add_case(op, seeded(op, "noncontig"), [Inp("x", make(4, 6, 5), permute=(2, 0, 1))], fn, params=params, tolerance=tol)


def with_zeros(*shape):
    v = randn(*shape)
    flat = v.reshape(-1)
    flat[:: 5] = 0.0
    return flat.reshape(shape)


unary_cases("neg", lambda x: -x, randn, tol="exact")
unary_cases("exp", lambda x: torch.exp(x), lambda *s: randn(*s, scale=2.0))
unary_cases("log", lambda x: torch.log(x), lambda *s: uniform(0.05, 20.0, *s))
unary_cases("sqrt", lambda x: torch.sqrt(x), lambda *s: uniform(0.05, 20.0, *s))
unary_cases("square", lambda x: x * x, randn)
unary_cases("abs", lambda x: torch.abs(x), with_zeros, tol="exact")
for p in (2.0, 3.0, 0.5, -1.5):
    positive = p != int(p)
    make = (lambda *s: uniform(0.1, 3.0, *s)) if positive else randn
    for name, shape in [("odd_3x5x7", (3, 5, 7)), ("len_67", (67,))]:
        add_case("pow", seeded("pow", f"p{p:g}_{name}".replace("-", "m").replace(".", "_")), [Inp("x", make(*shape))],
                 lambda x, p=p: torch.pow(x, p), params={"exponent": p})


def clamp_input(*shape):
    v = randn(*shape, scale=1.5)
    flat = v.reshape(-1)
    flat[0::7] = -0.5  # exactly at the lower bound
    flat[3::7] = 0.75  # exactly at the upper bound
    return flat.reshape(shape)


for cname, lo, hi in [("both", -0.5, 0.75), ("min_only", -0.5, None), ("max_only", None, 0.75)]:
    for name, shape in [("odd_3x5x7", (3, 5, 7)), ("len_67", (67,))]:
        add_case("clamp", seeded("clamp", f"{cname}_{name}"), [Inp("x", clamp_input(*shape))],
                 lambda x, lo=lo, hi=hi: torch.clamp(x, lo, hi), params={"min": lo, "max": hi}, tolerance="exact")
add_case("clamp", seeded("clamp", "both_noncontig"), [Inp("x", clamp_input(4, 6, 5), permute=(2, 0, 1))],
         lambda x: torch.clamp(x, -0.5, 0.75), params={"min": -0.5, "max": 0.75}, tolerance="exact")

# activations
unary_cases("relu", lambda x: F.relu(x), with_zeros, tol="exact")
for slope in (0.01, 0.2):
    for name, shape in [("odd_3x5x7", (3, 5, 7)), ("len_67", (67,))]:
        add_case("leaky_relu", seeded("leaky_relu", f"s{slope:g}_{name}".replace(".", "_")), [Inp("x", with_zeros(*shape))],
                 lambda x, slope=slope: F.leaky_relu(x, slope), params={"slope": slope}, tolerance="exact")
add_case("leaky_relu", seeded("leaky_relu", "default_slope_noncontig"), [Inp("x", with_zeros(4, 6, 5), permute=(2, 0, 1))],
         lambda x: F.leaky_relu(x, 0.01), params={"slope": None}, tolerance="exact")
unary_cases("sigmoid", lambda x: torch.sigmoid(x), lambda *s: randn(*s, scale=4.0))
add_case("sigmoid", seeded("sigmoid", "extreme"), [Inp("x", torch.tensor([-100.0, -30.0, -17.0, -1e-3, 0.0, 1e-3, 17.0, 30.0, 100.0]))], lambda x: torch.sigmoid(x))
unary_cases("tanh", lambda x: torch.tanh(x), lambda *s: randn(*s, scale=2.0))
add_case("tanh", seeded("tanh", "extreme"), [Inp("x", torch.tensor([-50.0, -9.0, -1e-4, 0.0, 1e-4, 9.0, 50.0]))], lambda x: torch.tanh(x))
unary_cases("gelu", lambda x: F.gelu(x), lambda *s: randn(*s, scale=2.0))
add_case("gelu", seeded("gelu", "extreme"), [Inp("x", torch.tensor([-40.0, -8.0, -3.0, -1e-3, 0.0, 1e-3, 3.0, 8.0, 40.0]))], lambda x: F.gelu(x))

for name, shape, axis in [("last_2x3x17", (2, 3, 17), -1), ("axis1_2x5x3", (2, 5, 3), 1), ("axis0_4x6", (4, 6), 0),
                          ("len1_axis_3x1", (3, 1), -1), ("rank1_10", (10,), 0)]:
    for op, fn in (("softmax", F.softmax), ("log_softmax", F.log_softmax)):
        add_case(op, seeded(op, name), [Inp("x", randn(*shape, scale=2.0))], lambda x, fn=fn, axis=axis: fn(x, dim=axis), params={"axis": axis})
for op, fn in (("softmax", F.softmax), ("log_softmax", F.log_softmax)):
    add_case(op, seeded(op, "large_values"), [Inp("x", randn(3, 9, scale=30.0) + 1000.0)], lambda x, fn=fn: fn(x, dim=-1), params={"axis": -1})
    add_case(op, seeded(op, "large_negative"), [Inp("x", randn(3, 9, scale=30.0) - 1000.0)], lambda x, fn=fn: fn(x, dim=-1), params={"axis": -1})
    add_case(op, seeded(op, "noncontig_last"), [Inp("x", randn(7, 2, 3), permute=(1, 2, 0))], lambda x, fn=fn: fn(x, dim=-1), params={"axis": -1})
    add_case(op, seeded(op, "noncontig_axis0"), [Inp("x", randn(3, 5, 4), permute=(1, 0, 2))], lambda x, fn=fn: fn(x, dim=0), params={"axis": 0})
    add_case(op, seeded(op, "masked_minus_1e9"), [Inp("x", torch.where(torch.rand(4, 7, generator=gen) < 0.3, -1e9, 1.0) * randn(4, 7).abs().add(0.1).mul(torch.sign(randn(4, 7))).float())],
             lambda x, fn=fn: fn(x, dim=-1), params={"axis": -1})

# ----------------------------------------------------------------------------------------------------------------------
# reductions

RED_INPUTS = [
    ("all", (3, 4, 5), None, False),
    ("axis0", (3, 4, 5), [0], False),
    ("axis1_keep", (3, 4, 5), [1], True),
    ("axis_last_neg", (3, 4, 5), [-1], False),
    ("axes02", (3, 4, 5), [0, 2], False),
    ("axes12_keep", (2, 3, 4, 5), [1, 2], True),
    ("axes_all_keep", (3, 1, 5), [0, 1, 2], True),
    ("size1_axis", (3, 1, 5), [1], False),
    ("long_1031", (1031,), [0], False),
    ("rank1_all", (7,), None, False),
]
for op in ("sum", "mean"):
    for name, shape, axes, keep in RED_INPUTS:
        fn = (lambda x, axes=axes, keep=keep, op=op:
              (x.sum() if op == "sum" else x.mean()) if axes is None else
              (x.sum(dim=axes, keepdim=keep) if op == "sum" else x.mean(dim=axes, keepdim=keep)))
        add_case(op, seeded(op, name), [Inp("x", randn(*shape))], fn, params={"axes": axes, "keep_dim": keep})
    add_case(op, seeded(op, "noncontig_axis1"), [Inp("x", randn(5, 3, 4), permute=(1, 2, 0))],
             lambda x, op=op: x.sum(dim=[1]) if op == "sum" else x.mean(dim=[1]), params={"axes": [1], "keep_dim": False})

# ----------------------------------------------------------------------------------------------------------------------
# views

add_case("reshape", seeded("reshape", "infer_3x4x5_to_m1x10"), [Inp("x", randn(3, 4, 5))], lambda x: x.reshape(-1, 10), params={"shape": [-1, 10]}, tolerance="exact")
add_case("reshape", seeded("reshape", "to_rank1"), [Inp("x", randn(2, 3, 5))], lambda x: x.reshape(30), params={"shape": [30]}, tolerance="exact")
add_case("reshape", seeded("reshape", "noncontig_copy"), [Inp("x", randn(5, 3, 4), permute=(1, 2, 0))], lambda x: x.reshape(3, 20), params={"shape": [3, 20]}, tolerance="exact")
add_case("permute", seeded("permute", "rank5"), [Inp("x", randn(2, 3, 4, 1, 5))], lambda x: x.permute(4, 0, 3, 2, 1), params={"axes": [4, 0, 3, 2, 1]}, tolerance="exact")
add_case("permute", seeded("permute", "negative_axes"), [Inp("x", randn(2, 3, 4))], lambda x: x.permute(-1, 0, 1), params={"axes": [-1, 0, 1]}, tolerance="exact")
add_case("transpose", seeded("transpose", "last_two"), [Inp("x", randn(2, 3, 5))], lambda x: x.transpose(-1, -2), params={"axis0": -1, "axis1": -2}, tolerance="exact")
add_case("transpose", seeded("transpose", "outer"), [Inp("x", randn(3, 1, 4, 2))], lambda x: x.transpose(0, 2), params={"axis0": 0, "axis1": 2}, tolerance="exact")
add_case("slice", seeded("slice", "middle_axis"), [Inp("x", randn(3, 7, 4))], lambda x: x.narrow(1, 2, 3), params={"axis": 1, "start": 2, "length": 3}, tolerance="exact")
add_case("slice", seeded("slice", "last_axis_len1"), [Inp("x", randn(3, 7, 4))], lambda x: x.narrow(-1, 3, 1), params={"axis": -1, "start": 3, "length": 1}, tolerance="exact")
add_case("slice", seeded("slice", "of_permuted"), [Inp("x", randn(5, 3, 4), permute=(1, 2, 0))], lambda x: x.narrow(2, 1, 3), params={"axis": 2, "start": 1, "length": 3}, tolerance="exact")
add_case("unsqueeze", seeded("unsqueeze", "front"), [Inp("x", randn(3, 4))], lambda x: x.unsqueeze(0), params={"axis": 0}, tolerance="exact")
add_case("unsqueeze", seeded("unsqueeze", "end_negative"), [Inp("x", randn(3, 4))], lambda x: x.unsqueeze(-1), params={"axis": -1}, tolerance="exact")
add_case("squeeze", seeded("squeeze", "middle"), [Inp("x", randn(3, 1, 4))], lambda x: x.squeeze(1), params={"axis": 1}, tolerance="exact")
add_case("squeeze", seeded("squeeze", "last_negative"), [Inp("x", randn(3, 4, 1))], lambda x: x.squeeze(-1), params={"axis": -1}, tolerance="exact")

# ----------------------------------------------------------------------------------------------------------------------
# linear algebra

for name, xs, ws, bias, perm_w in [
    ("rank3_bias", (2, 3, 7), (5, 7), True, None),
    ("rank2_nobias", (4, 7), (5, 7), False, None),
    ("one_by_one", (1, 1), (1, 1), True, None),
    ("odd_33x17_to_9", (33, 17), (9, 17), True, None),
    ("rank4_bias", (2, 1, 3, 6), (4, 6), True, None),
    ("weight_noncontig", (3, 7), (5, 7), True, (1, 0)),
    ("gemm_tails_70x67_to_35", (70, 67), (35, 67), True, None),
]:
    seeded("linear", name)
    ins = [Inp("x", randn(*xs))]
    if perm_w is None:
        ins.append(Inp("weight", randn(*ws, scale=0.5)))
    else:
        ins.append(Inp("weight", randn(ws[1], ws[0], scale=0.5), permute=perm_w))
    if bias:
        ins.append(Inp("bias", randn(ws[0])))
    add_case("linear", seeded("linear", name), ins, lambda x, weight, bias=None: F.linear(x, weight, bias), params={"bias": bias})

add_case("linear", seeded("linear", "x_noncontig_rank3"), [Inp("x", randn(7, 2, 3), permute=(1, 2, 0)), Inp("weight", randn(4, 7, scale=0.5)), Inp("bias", randn(4))],
         lambda x, weight, bias: F.linear(x, weight, bias), params={"bias": True})

for name, sa, sb, perm_b in [
    ("2d_3x5_5x4", (3, 5), (5, 4), None),
    ("batched_2x3x5_2x5x4", (2, 3, 5), (2, 5, 4), None),
    ("batched4d", (2, 3, 4, 5), (2, 3, 5, 6), None),
    ("rhs_rank2", (2, 3, 5), (5, 4), None),
    ("lhs_rank2", (3, 5), (2, 5, 4), None),
    ("b_transposed_view", (2, 3, 5), (2, 4, 5), (0, 2, 1)),
    ("both_transposed_views", (2, 5, 3), (2, 4, 5), "both"),
    ("size1_dims", (1, 1, 7), (1, 7, 1), None),
    ("odd_17x33_33x19", (17, 33), (33, 19), None),
    ("gemm_tails_3x37x41_41x29", (3, 37, 41), (3, 41, 29), None),
]:
    if perm_b == "both":
        add_case("matmul", seeded("matmul", name), [Inp("a", randn(*sa), permute=(0, 2, 1)), Inp("b", randn(*sb), permute=(0, 2, 1))],
                 lambda a, b: torch.matmul(a, b))
        continue
    add_case("matmul", seeded("matmul", name), [Inp("a", randn(*sa)), Inp("b", randn(*sb), permute=perm_b)], lambda a, b: torch.matmul(a, b))

# ----------------------------------------------------------------------------------------------------------------------
# convolution

CONV = [
    # name, N, Cin, Cout, spatial, kernel (kd,kh,kw), stride, padding, groups, bias, scalar_overload
    ("k3_s1_p1_bias", 2, 3, 4, (5, 6, 7), (3, 3, 3), (1, 1, 1), (1, 1, 1), 1, True, True),
    ("k3_s2_p1_nobias", 2, 3, 5, (5, 6, 7), (3, 3, 3), (2, 2, 2), (1, 1, 1), 1, False, True),
    ("k1_s1_p0_bias", 2, 4, 3, (3, 4, 5), (1, 1, 1), (1, 1, 1), (0, 0, 0), 1, True, True),
    ("k1_s2_p0_bias", 1, 4, 6, (5, 6, 7), (1, 1, 1), (2, 2, 2), (0, 0, 0), 1, True, True),
    ("k5_s1_p2_bias", 1, 2, 3, (5, 6, 7), (5, 5, 5), (1, 1, 1), (2, 2, 2), 1, True, True),
    ("k3_s1_p0_valid", 1, 2, 2, (4, 5, 6), (3, 3, 3), (1, 1, 1), (0, 0, 0), 1, True, True),
    ("k3_s1_p2_overpad", 1, 2, 3, (3, 4, 5), (3, 3, 3), (1, 1, 1), (2, 2, 2), 1, True, True),
    ("groups2_k3_s1_p1", 2, 4, 6, (4, 5, 6), (3, 3, 3), (1, 1, 1), (1, 1, 1), 2, True, True),
    ("groups2_k3_s2_p1", 1, 6, 4, (5, 6, 7), (3, 3, 3), (2, 2, 2), (1, 1, 1), 2, False, True),
    ("depthwise_k3_s1_p1", 2, 4, 4, (5, 6, 7), (3, 3, 3), (1, 1, 1), (1, 1, 1), 4, True, True),
    ("depthwise_k5_s1_p2", 1, 3, 3, (5, 6, 7), (5, 5, 5), (1, 1, 1), (2, 2, 2), 3, True, True),
    ("depthwise_k3_s2_p1", 1, 3, 3, (5, 6, 7), (3, 3, 3), (2, 2, 2), (1, 1, 1), 3, False, True),
    ("depthwise_mult2_k3", 1, 3, 6, (4, 5, 6), (3, 3, 3), (1, 1, 1), (1, 1, 1), 3, True, True),
    ("aniso_k133_s122_p011", 1, 2, 3, (3, 6, 7), (1, 3, 3), (1, 2, 2), (0, 1, 1), 1, True, False),
    ("aniso_k312_s211_p100", 2, 2, 2, (5, 4, 6), (3, 1, 2), (2, 1, 1), (1, 0, 0), 1, True, False),
    ("size1_spatial_k1", 2, 3, 2, (1, 1, 1), (1, 1, 1), (1, 1, 1), (0, 0, 0), 1, True, True),
    ("size1_depth_k3_p1", 1, 2, 2, (1, 4, 5), (3, 3, 3), (1, 1, 1), (1, 1, 1), 1, True, True),
    # stride 2 without padding on even sizes: the last input row of each axis feeds no output (its gradient is 0)
    ("k3_s2_p0_uncovered_edge", 2, 3, 4, (6, 6, 8), (3, 3, 3), (2, 2, 2), (0, 0, 0), 1, True, True),
    ("depthwise_k3_s2_p0_uncovered_edge", 1, 3, 3, (6, 6, 8), (3, 3, 3), (2, 2, 2), (0, 0, 0), 3, True, True),
    ("k3_s2_p0_odd_5x6x7", 2, 3, 4, (5, 6, 7), (3, 3, 3), (2, 2, 2), (0, 0, 0), 1, True, True),
    # more channels than one vector/micro-kernel tile, so packing and blocking tails are exercised
    ("wide_19_to_21_k3_p1", 1, 19, 21, (5, 6, 7), (3, 3, 3), (1, 1, 1), (1, 1, 1), 1, True, True),
    ("wide_16_to_24_k3_s2_p1", 2, 16, 24, (5, 6, 7), (3, 3, 3), (2, 2, 2), (1, 1, 1), 1, True, True),
    ("depthwise_17_k5_p2", 1, 17, 17, (5, 6, 7), (5, 5, 5), (1, 1, 1), (2, 2, 2), 17, True, True),
    # 32 x 24 channel pairs, 3x3x3, stride 1, padding 1: Winograd F(2x2x2, 3x3x3) on AVX-512 for all three passes
    # (odd sizes: partial tiles on every axis; 12 blocks of 32 tiles over the batch, enough for the weight gradient)
    ("winograd_32_to_24_k3_p1", 2, 32, 24, (5, 7, 31), (3, 3, 3), (1, 1, 1), (1, 1, 1), 1, True, True),
]
for name, n, cin, cout, sp, k, s, p, g, bias, scalar in CONV:
    seeded("conv3d", name)
    ins = [Inp("x", randn(n, cin, *sp)), Inp("weight", randn(cout, cin // g, *k, scale=0.3))]
    if bias:
        ins.append(Inp("bias", randn(cout)))
    add_case("conv3d", seeded("conv3d", name), ins, lambda x, weight, bias=None, s=s, p=p, g=g: F.conv3d(x, weight, bias, s, p, 1, g),
             params={"stride": list(s), "padding": list(p), "groups": g, "bias": bias, "scalar_overload": scalar})
# channels-last input viewed as NCDHW (non-contiguous)
add_case("conv3d", seeded("conv3d", "noncontig_input_k3_p1"), [Inp("x", randn(1, 4, 5, 6, 3), permute=(0, 4, 1, 2, 3)), Inp("weight", randn(2, 3, 3, 3, 3, scale=0.3)), Inp("bias", randn(2))],
         lambda x, weight, bias: F.conv3d(x, weight, bias, 1, 1),
         params={"stride": [1, 1, 1], "padding": [1, 1, 1], "groups": 1, "bias": True, "scalar_overload": True})
# a slice along W (offset + non-contiguous), stride 2 without padding on even sizes (output sizes floor)
add_case("conv3d", seeded("conv3d", "sliced_input_k3_s2_p0"), [Inp("x", randn(2, 3, 6, 6, 9), slice=(4, 1, 7)), Inp("weight", randn(4, 3, 3, 3, 3, scale=0.3)), Inp("bias", randn(4))],
         lambda x, weight, bias: F.conv3d(x, weight, bias, 2, 0),
         params={"stride": [2, 2, 2], "padding": [0, 0, 0], "groups": 1, "bias": True, "scalar_overload": True})

# ----------------------------------------------------------------------------------------------------------------------
# pooling and resampling

for name, shape, k, s, p, cip in [
    ("default_2x3x5x6x7", (2, 3, 5, 6, 7), 3, 2, 1, True),
    ("default_even_1x2x4x6x8", (1, 2, 4, 6, 8), 3, 2, 1, True),
    ("default_min_size_1x2x3x3x4", (1, 2, 3, 3, 4), 3, 2, 1, True),
    ("exclude_pad_1x2x5x6x7", (1, 2, 5, 6, 7), 3, 2, 1, False),
    ("k2_s2_p0_1x2x4x5x6", (1, 2, 4, 5, 6), 2, 2, 0, True),
    ("k3_s1_p1_1x2x3x4x5", (1, 2, 3, 4, 5), 3, 1, 1, True),
]:
    add_case("avg_pool3d", seeded("avg_pool3d", name), [Inp("x", randn(*shape))],
             lambda x, k=k, s=s, p=p, cip=cip: F.avg_pool3d(x, k, s, p, count_include_pad=cip),
             params={"kernel": k, "stride": s, "padding": p, "count_include_pad": cip})
add_case("avg_pool3d", seeded("avg_pool3d", "default_noncontig"), [Inp("x", randn(1, 5, 6, 7, 2), permute=(0, 4, 1, 2, 3))],
         lambda x: F.avg_pool3d(x, 3, 2, 1), params={"kernel": 3, "stride": 2, "padding": 1, "count_include_pad": True})
add_case("avg_pool3d", seeded("avg_pool3d", "default_sliced"), [Inp("x", randn(1, 2, 5, 6, 9), slice=(4, 2, 6))],
         lambda x: F.avg_pool3d(x, 3, 2, 1), params={"kernel": 3, "stride": 2, "padding": 1, "count_include_pad": True})

for name, shape in [("odd_2x3x3x4x5", (2, 3, 3, 4, 5)), ("size1_1x2x1x1x3", (1, 2, 1, 1, 3)), ("cube_1x1x4x4x4", (1, 1, 4, 4, 4))]:
    add_case("upsample_trilinear", seeded("upsample_trilinear", name), [Inp("x", randn(*shape))],
             lambda x: F.interpolate(x, scale_factor=2, mode="trilinear", align_corners=False), params={"scale": 2})
add_case("upsample_trilinear", seeded("upsample_trilinear", "noncontig"), [Inp("x", randn(1, 3, 4, 5, 2), permute=(0, 4, 1, 2, 3))],
         lambda x: F.interpolate(x, scale_factor=2, mode="trilinear", align_corners=False), params={"scale": 2})

# ----------------------------------------------------------------------------------------------------------------------
# normalisation

for name, shape, shift in [("5d_2x3x4x5x6", (2, 3, 4, 5, 6), 0.0), ("5d_offset_1x2x3x3x3", (1, 2, 3, 3, 3), 5.0),
                           ("3d_2x4x17", (2, 4, 17), 0.0), ("5d_tiny_1x2x1x1x3", (1, 2, 1, 1, 3), 0.0)]:
    add_case("instance_norm", seeded("instance_norm", name), [Inp("x", randn(*shape, scale=2.0) + shift)], lambda x: F.instance_norm(x, eps=1e-5), params={"eps": 1e-5})
add_case("instance_norm", seeded("instance_norm", "5d_noncontig"), [Inp("x", randn(1, 3, 4, 5, 2), permute=(0, 4, 1, 2, 3))], lambda x: F.instance_norm(x, eps=1e-5), params={"eps": 1e-5})
# CT-like intensities: a large mean and a moderate spread (a naive E[x²] − E[x]² variance loses most digits here)
add_case("instance_norm", seeded("instance_norm", "ct_like_mean1000"), [Inp("x", randn(1, 2, 4, 5, 6, scale=50.0) + 1000.0)], lambda x: F.instance_norm(x, eps=1e-5), params={"eps": 1e-5})
# mean 100, std 1: float32 itself resolves this to ~1e-5 (torch float32: 6e-6), a naive variance is off by ~2e-3
add_case("instance_norm", seeded("instance_norm", "large_mean100_std1"), [Inp("x", randn(2, 2, 3, 4, 5) + 100.0)], lambda x: F.instance_norm(x, eps=1e-5), params={"eps": 1e-5})

for name, shape, w, b, eps, perm in [
    ("affine_2x3x7", (2, 3, 7), True, True, 1e-5, None),
    ("noaffine_5x16", (5, 16), False, False, 1e-5, None),
    ("weight_only_2x1x4x33", (2, 1, 4, 33), True, False, 1e-5, None),
    ("affine_eps1e-6_4x64", (4, 64), True, True, 1e-6, None),
    ("affine_c1_3x1", (3, 1), True, True, 1e-5, None),
    ("affine_noncontig", (6, 2, 3), True, True, 1e-5, (1, 2, 0)),
    ("large_mean100_std1_3x48", (3, 48), True, True, 1e-5, "large_mean"),
]:
    seeded("layer_norm", name)
    if perm == "large_mean":
        perm = None
        x = Inp("x", randn(*shape) + 100.0)  # float32 resolves it (torch float32: 5e-6); naive E[x²]−E[x]²: 1e-3
    else:
        x = Inp("x", randn(*shape, scale=2.0) + 1.0, permute=perm)
    c = shape[perm[-1]] if perm is not None else shape[-1]
    ins = [x]
    if w:
        ins.append(Inp("weight", randn(c) + 1.0))
    if b:
        ins.append(Inp("bias", randn(c)))
    add_case("layer_norm", seeded("layer_norm", name), ins,
             lambda x, weight=None, bias=None, eps=eps: F.layer_norm(x, (x.shape[-1],), weight, bias, eps),
             params={"eps": eps, "weight": w, "bias": b})

# ----------------------------------------------------------------------------------------------------------------------
# concatenation, split, pad

for name, shapes, axis, perm0 in [
    ("axis1_three", [(2, 3, 4), (2, 1, 4), (2, 5, 4)], 1, None),
    ("axis0_two", [(1, 3, 2), (4, 3, 2)], 0, None),
    ("last_neg", [(2, 3), (2, 7), (2, 1)], -1, None),
    ("single", [(3, 4)], 0, None),
    ("axis2_5d", [(1, 2, 3, 2, 2), (1, 2, 1, 2, 2)], 2, None),
    ("noncontig_first", [(3, 2, 4), (2, 5, 4)], 1, (1, 0, 2)),
]:
    seeded("concat", name)
    ins = []
    for i, s in enumerate(shapes):
        if i == 0 and perm0 is not None:
            ins.append(Inp(f"x{i}", randn(*s), permute=perm0))
        else:
            ins.append(Inp(f"x{i}", randn(*s)))
    add_case("concat", seeded("concat", name), ins, lambda axis=axis, **xs: torch.cat([xs[f"x{i}"] for i in range(len(xs))], dim=axis),
             params={"axis": axis, "count": len(shapes)}, tolerance="exact")

for name, shape, axis, sizes, perm in [
    ("axis1_2_3_1", (2, 6, 3), 1, [2, 3, 1], None),
    ("axis0_1_1", (2, 3), 0, [1, 1], None),
    ("last_neg_4_5", (3, 9), -1, [4, 5], None),
    ("single_piece", (2, 3), 1, [3], None),
    ("noncontig", (4, 5, 3), 1, [2, 2], (1, 0, 2)),
]:
    def split_fn(x, axis=axis, sizes=sizes):
        return {f"out{i}": t for i, t in enumerate(torch.split(x, sizes, dim=axis))}
    add_case("split", seeded("split", name), [Inp("x", randn(*shape), permute=perm)], split_fn, params={"axis": axis, "sizes": sizes}, tolerance="exact")

for name, shape, pad, value, perm in [
    ("last_1_2", (2, 3, 4), [1, 2], 0.0, None),
    ("three_axes_5d", (1, 2, 3, 4, 5), [1, 0, 0, 2, 2, 1], 0.0, None),
    ("value_m1_5", (3, 4), [2, 2, 1, 0], -1.5, None),
    ("zero_pairs", (2, 3), [0, 0, 0, 0], 0.0, None),
    ("all_axes_rank2", (3, 5), [1, 1, 1, 1], 2.0, None),
    ("noncontig", (4, 3, 5), [1, 2, 0, 1], 0.0, (1, 0, 2)),
]:
    add_case("pad", seeded("pad", name), [Inp("x", randn(*shape), permute=perm)], lambda x, pad=pad, value=value: F.pad(x, pad, "constant", value),
             params={"padding": pad, "value": value}, tolerance="exact")

# ----------------------------------------------------------------------------------------------------------------------
# indexing and selection

for name, xs, axis, idx_shape in [
    ("axis1_repeats", (3, 5, 4), 1, (3, 7, 4)),
    ("axis0", (4, 3), 0, (2, 3)),
    ("last_neg", (2, 3, 6), -1, (2, 3, 4)),
    ("index_smaller", (4, 5, 6), 1, (2, 3, 4)),
    ("rank1", (9,), 0, (12,)),
]:
    ax = axis % len(xs)
    add_case("gather", seeded("gather", name), [Inp("x", randn(*xs)), Inp("index", randint(0, xs[ax], *idx_shape))],
             lambda x, index, axis=axis: torch.gather(x, axis, index), params={"axis": axis}, tolerance="exact")
add_case("gather", seeded("gather", "noncontig_x"), [Inp("x", randn(5, 3, 4), permute=(1, 0, 2)), Inp("index", randint(0, 5, 3, 6, 4))],
         lambda x, index: torch.gather(x, 1, index), params={"axis": 1}, tolerance="exact")


def batched_index_select(x, index):
    n = x.shape[0]
    batch = torch.arange(n).view(n, 1, 1).expand_as(index)
    return x[batch, index]


for name, xs, q, k in [("feat_2x7x3", (2, 7, 3), 4, 5), ("no_trailing_2x6", (2, 6), 3, 2), ("extra_axes_1x5x2x3", (1, 5, 2, 3), 2, 3),
                       ("n3_p4_single", (3, 4, 1), 1, 1)]:
    add_case("batched_index_select", seeded("batched_index_select", name), [Inp("x", randn(*xs)), Inp("index", randint(0, xs[1], xs[0], q, k))],
             batched_index_select, tolerance="exact")

for name, xs, k, axis, largest, perm in [
    ("largest_last_3x10_k4", (3, 10), 4, -1, True, None),
    ("smallest_last_3x10_k4", (3, 10), 4, -1, False, None),
    ("axis0_7x3_k2", (7, 3), 2, 0, True, None),
    ("k1_2x3x9", (2, 3, 9), 1, -1, True, None),
    ("full_k_5x6", (5, 6), 6, 1, True, None),
    ("smallest_axis1_2x8x3_k3", (2, 8, 3), 3, 1, False, None),
    ("noncontig_largest", (9, 4), 3, -1, True, (1, 0)),
]:
    def topk_fn(x, k=k, axis=axis, largest=largest):
        v, i = torch.topk(x, k, dim=axis, largest=largest, sorted=True)
        return {"values": v, "indices": i}
    add_case("topk", seeded("topk", name), [Inp("x", distinct(*xs), permute=perm)], topk_fn,
             params={"k": k, "axis": axis, "largest": largest}, tolerance="exact")

for name, sc, sa, sb in [
    ("same_3x4", (3, 4), (3, 4), (3, 4)),
    ("cond_broadcast", (3, 1, 5), (3, 4, 5), (3, 4, 5)),
    ("all_broadcast", (3, 1, 5), (1, 4, 5), (5,)),
    ("b_scalar", (2, 3), (2, 3), ()),
]:
    seeded("where", name)
    cond = (torch.rand(sc, generator=gen) < 0.5).float()
    add_case("where", seeded("where", name), [Inp("condition", cond, requires_grad=False), Inp("a", randn(*sa)), Inp("b", randn(*sb))],
             lambda condition, a, b: torch.where(condition != 0, a, b), tolerance="exact")

# ----------------------------------------------------------------------------------------------------------------------
# losses

RED = ["mean", "sum", "none"]
for red in RED:
    add_case("mse_loss", seeded("mse_loss", f"{red}_3x4x5"), [Inp("prediction", randn(3, 4, 5)), Inp("target", randn(3, 4, 5))],
             lambda prediction, target, red=red: F.mse_loss(prediction, target, reduction=red), params={"reduction": red})
add_case("mse_loss", seeded("mse_loss", "mean_target_nograd_len1"), [Inp("prediction", randn(1)), Inp("target", randn(1), requires_grad=False)],
         lambda prediction, target: F.mse_loss(prediction, target), params={"reduction": "mean"})


def around_beta(beta, n):
    """Differences near |d| = beta on both sides and signs, plus some far away and an exact zero."""
    offs = torch.tensor([-0.02, -1e-3, 0.0, 1e-3, 0.02], dtype=torch.float64)
    near = torch.cat([beta + offs, -(beta + offs)])
    far = torch.randn(n - near.numel() - 1, generator=gen).double() * 3 * max(beta, 0.5)
    d = torch.cat([near, far, torch.zeros(1, dtype=torch.float64)])
    return d.float()


for beta in (1.0, 0.5, 0.05):
    for red in RED:
        seeded("smooth_l1_loss", f"beta{beta:g}_{red}".replace(".", "_"))
        t = randn(33)
        d = around_beta(beta, 33)
        pred = (t.double() + d.double()).float()
        add_case("smooth_l1_loss", seeded("smooth_l1_loss", f"beta{beta:g}_{red}".replace(".", "_")), [Inp("prediction", pred), Inp("target", t)],
                 lambda prediction, target, beta=beta, red=red: F.smooth_l1_loss(prediction, target, reduction=red, beta=beta),
                 params={"beta": beta, "reduction": red})
add_case("smooth_l1_loss", seeded("smooth_l1_loss", "beta1_mean_2x3x4"), [Inp("prediction", randn(2, 3, 4, scale=2.0)), Inp("target", randn(2, 3, 4))],
         lambda prediction, target: F.smooth_l1_loss(prediction, target, reduction="mean", beta=1.0), params={"beta": 1.0, "reduction": "mean"})

for red in RED:
    add_case("bce_with_logits", seeded("bce_with_logits", f"{red}_3x4x5"), [Inp("logits", randn(3, 4, 5, scale=3.0)), Inp("target", (torch.rand(3, 4, 5, generator=gen) < 0.3).float(), requires_grad=False)],
             lambda logits, target, red=red: F.binary_cross_entropy_with_logits(logits, target, reduction=red), params={"reduction": red})
extreme = torch.tensor([-1000.0, -100.0, -50.0, -20.0, -1e-3, 0.0, 1e-3, 20.0, 50.0, 100.0, 1000.0] * 2)
ext_target = torch.tensor([0.0] * 11 + [1.0] * 11)
for red in ("none", "sum"):
    add_case("bce_with_logits", seeded("bce_with_logits", f"extreme_{red}"), [Inp("logits", extreme), Inp("target", ext_target, requires_grad=False)],
             lambda logits, target, red=red: F.binary_cross_entropy_with_logits(logits, target, reduction=red), params={"reduction": red})
add_case("bce_with_logits", seeded("bce_with_logits", "soft_targets_mean_grad_target"), [Inp("logits", randn(4, 9, scale=4.0)), Inp("target", uniform(0.0, 1.0, 4, 9))],
         lambda logits, target: F.binary_cross_entropy_with_logits(logits, target), params={"reduction": "mean"})

# ----------------------------------------------------------------------------------------------------------------------
# manifest

manifest = {
    "generator": "tests/H3deMl.Tensors.Tests/Parity/generate_parity_fixtures.py",
    "seed": SEED,
    "torch_version": torch.__version__,
    "numpy_version": np.__version__,
    "oracle_dtype": "float64 (from the stored float32 inputs; outputs rounded to float32)",
    "tolerances": {"exact": 1e-5, "approx": 1e-4},
    "cases": cases,
}


def main():
    with open(os.path.join(ROOT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=False)
        f.write("\n")
    total = 0
    for dirpath, _, files in os.walk(ROOT):
        total += sum(os.path.getsize(os.path.join(dirpath, fn)) for fn in files)
    print(f"{len(cases)} cases, {total / 1e6:.2f} MB in {ROOT}")


if __name__ == "__main__":
    main()
