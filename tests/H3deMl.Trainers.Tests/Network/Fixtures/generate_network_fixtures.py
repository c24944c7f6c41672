#!/usr/bin/python3
"""Writes the H3DE-Net parity fixtures (run from this folder with Debian's python3-torch; "--only small_padwin"
regenerates one case):
  small_*.safetensors   weights of small seeded networks (PyTorch default init), names as the reference
  small_*.ckpt          the same weights as torch.save({'epoch', 'state_dict', ...}) -- for checkpoint import
  small_*_*.npy         input, head outputs, intermediate activations and a few parameter gradients
  full_reference.json   statistics and sampled values of the full default network (both heads) on 1x1x128x128x64,
                        with weights and input from a formula the C# test reproduces (no weight file is needed)

A float32 implementation can only match a float64 oracle where the result is a smooth function of the inputs, so every
case is checked for the two discrete decisions of the network and the generator refuses a case too close to one of them:
  routing  the top-k of every BRA layer: the gap between the k-th and (k+1)-th routing logit must be at least
           ROUTING_MARGIN (ties between windows with identical keys -- windows made only of padding, whose keys and
           values are all the qkv bias -- are exact and harmless, and are skipped);
  kinks    a LeakyReLU input within KINK_BAND of zero may land on the other side under float32 rounding; flipping the
           slope of every such voxel (one at a time, effects summed) must move no saved gradient by more than
           KINK_EFFECT of its largest magnitude.
The margins found are printed and stored in the manifest.
"""
import copy
import json
import struct
import sys
import numpy as np
import torch
from h3denet_torch import H3DENet

torch.set_num_threads(2)

ROUTING_MARGIN = 2e-4  # float32 rounding moves the logits by ~1e-6
KINK_BAND = 2e-5
KINK_EFFECT = 1e-4
SAVED_GRADS = ("downsample_layers.0.0.", "stages.0.0.attn.qkv.", "stages.3.0.mlp.3.", "up1.conv1.0.", "final_conv.", "pre_layer.")


def save_npy(name, t):
    np.save(name, np.ascontiguousarray(t.detach().cpu().numpy().astype(np.float32)), allow_pickle=False)


def save_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        data = tensors[name].detach().cpu().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt", "generator": "generate_network_fixtures.py"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def routing_margin(net64, x64):
    """The smallest gap between the k-th and (k+1)-th routing logit over every BRA layer and query window."""
    from h3denet_torch import BRA
    worst, hooks = float("inf"), []

    def record(bra, _inputs, _output):
        nonlocal worst
        logits, k_win = bra.last_routing
        for b in range(logits.shape[0]):
            for p in range(logits.shape[1]):
                v, idx = torch.sort(logits[b, p], descending=True)
                if bra.topk < v.numel() and not torch.equal(k_win[b, idx[bra.topk - 1]], k_win[b, idx[bra.topk]]):
                    worst = min(worst, (v[bra.topk - 1] - v[bra.topk]).item())

    for m in net64.modules():
        if isinstance(m, BRA):
            hooks.append(m.register_forward_hook(record))
    with torch.no_grad():
        net64(x64)
    for h in hooks:
        h.remove()
    return worst


def kink_effect(net64, x64, weights):
    """The summed effect, relative to each saved gradient's largest magnitude, of flipping the LeakyReLU slope at every
    voxel whose input lies within KINK_BAND of zero; and the number of such voxels."""
    taps, hooks = [], []

    def record(mod, inputs, output):
        output.retain_grad()
        taps.append((mod.negative_slope, inputs[0], output))

    for m in net64.modules():
        if isinstance(m, torch.nn.LeakyReLU):
            hooks.append(m.register_forward_hook(record))
    heat, anch = net64(x64)
    for h in hooks:
        h.remove()
    loss = sum((o * w).sum() for o, w in zip((heat, anch), weights) if o is not None)
    params = [(n, p) for n, p in net64.named_parameters() if n.startswith(SAVED_GRADS)]
    grads = torch.autograd.grad(loss, [o for _, _, o in taps] + [p for _, p in params], retain_graph=True)
    upstream, base = grads[:len(taps)], grads[len(taps):]
    total = [torch.zeros_like(g) for g in base]
    count = 0
    for (slope, z, _), g_out in zip(taps, upstream):
        for flat in torch.nonzero(z.detach().abs().reshape(-1) < KINK_BAND).reshape(-1).tolist():
            count += 1
            delta = torch.zeros_like(z).reshape(-1)
            delta[flat] = (slope - 1 if z.reshape(-1)[flat] > 0 else 1 - slope) * g_out.reshape(-1)[flat]
            d = torch.autograd.grad(z, [p for _, p in params], grad_outputs=delta.reshape(z.shape), retain_graph=True, allow_unused=True)
            for t, e in zip(total, d):
                if e is not None:
                    t += e.abs()
    return max((t.max() / g.abs().max()).item() for t, g in zip(total, base)), count


def small(name, head, widths, depths, topks, n_win, shape, landmarks, seed, checkpoint=False):
    torch.manual_seed(seed)
    net = H3DENet(n_class=landmarks, widths=widths, depths=depths, topks=topks, n_win=n_win, stem=8, half=8, full=8, head=head)
    x = torch.rand(*shape)
    taps = {}
    heat, anch = net(x, taps)
    # Gradients come from a float64 copy (a more exact oracle than PyTorch's own float32 run).
    net64 = copy.deepcopy(net).double()
    heat64, anch64 = net64(x.double())
    loss, weights64 = 0, [None, None]
    if heat is not None:
        weights64[0] = torch.randn(heat.shape).double()
        loss = loss + (heat64 * weights64[0]).sum()
    if anch is not None:
        weights64[1] = torch.randn(anch.shape).double()
        loss = loss + (anch64 * weights64[1]).sum()
    loss.backward()
    margin = routing_margin(net64, x.double())
    effect, near = kink_effect(copy.deepcopy(net).double(), x.double(), weights64) if margin >= ROUTING_MARGIN else (float("nan"), -1)
    print(f"{name}: routing margin {margin:.3g}, {near} LeakyReLU inputs within {KINK_BAND:g} of 0, flip effect {effect:.3g}", file=sys.stderr)
    if not (margin >= ROUTING_MARGIN and effect <= KINK_EFFECT):
        sys.exit(f"{name}: too close to a discrete decision (routing margin {margin:.3g} < {ROUTING_MARGIN:g} or kink flip effect "
                 f"{effect:.3g} > {KINK_EFFECT:g}); choose another seed or input")
    for head_name, out, w in (("heatmap", heat, weights64[0]), ("anchors", anch, weights64[1])):
        if out is not None:
            save_npy(f"{name}_{head_name}_grad_weights.npy", w)
            save_npy(f"{name}_{head_name}.npy", out)
    save_npy(f"{name}_input.npy", x)
    for k, v in taps.items():
        save_npy(f"{name}_{k}.npy", v)
    grads = {}
    for pname, p in net64.named_parameters():
        if pname.startswith(SAVED_GRADS):
            grads[pname] = p.grad.float()
    save_safetensors(f"{name}_grads.safetensors", grads)
    save_safetensors(f"{name}.safetensors", net.state_dict())
    if checkpoint:
        torch.save({"epoch": 3, "save_dir": "fixture", "state_dict": net.state_dict(), "optimizer": {}, "args": None}, f"{name}.ckpt")
    print(name, sum(p.numel() for p in net.parameters()), "parameters", file=sys.stderr)
    return {"name": name, "head": head, "widths": list(widths), "depths": list(depths), "topk": list(topks),
            "windows": list(n_win), "input": list(shape), "landmarks": landmarks, "stem": 8, "half": 8, "full": 8,
            "parameters": sum(p.numel() for p in net.parameters()), "taps": sorted(taps), "grads": sorted(grads),
            "routingMargin": margin, "kinkFlipEffect": effect}


# --- formula weights shared with the C# test (FormulaWeights.cs) ---
def fnv1a(name):
    h = 2166136261
    for b in name.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def formula_uniform(name, n):
    i = np.arange(n, dtype=np.uint64)
    x = (i * np.uint64(0x9E3779B1) + np.uint64(fnv1a(name))) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x85EBCA6B)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    return (x.astype(np.float64) / 4294967296.0 * 2.0 - 1.0).astype(np.float32)


def formula_fill(name, t):
    u = torch.from_numpy(formula_uniform(name, t.numel()).reshape(t.shape))
    if t.dim() >= 2:
        fan_in = t.shape[1] * int(np.prod(t.shape[2:]))
        return u * np.float32(1.0 / np.sqrt(fan_in))
    return (1 + np.float32(0.1) * u) if name.endswith("weight") else np.float32(0.1) * u


def full_reference():
    net = H3DENet(head="both")
    with torch.no_grad():
        for pname, p in net.named_parameters():
            p.copy_(formula_fill(pname, p))
        x = torch.from_numpy(formula_uniform("input", 128 * 128 * 64).reshape(1, 1, 128, 128, 64)) * 0.5 + 0.5
        heat, anch = net(x)
    def stats(t):
        flat = t.reshape(-1).double()
        idx = list(range(0, flat.numel(), flat.numel() // 1024 + 1))
        return {"shape": list(t.shape), "mean": flat.mean().item(), "std": flat.std().item(), "min": flat.min().item(),
                "max": flat.max().item(), "sampleIndices": idx, "samples": [flat[i].item() for i in idx]}
    heat_only = sum(p.numel() for n, p in net.named_parameters() if not n.startswith("pre_layer"))
    anchor_only = sum(p.numel() for n, p in net.named_parameters()
                      if not n.startswith(("up3", "up4", "c1", "c2", "final_conv")))
    return {"heatmap": stats(heat), "anchors": stats(anch), "heatmapParameters": heat_only, "anchorParameters": anchor_only}


CASES = {
    # small_both predates the checks and fails the kink one (72 LeakyReLU inputs within 2e-5 of 0, summed flip effect
    # 1.4 % of the largest saved gradient): its gradient test holds only while float32 rounding flips none of them. It
    # is kept (the import tests use its checkpoint); a full regeneration stops here until it gets a better-conditioned
    # heatmap case. Regenerate the others with --only.
    "small_both": ("both", (8, 16, 16, 32), (1, 1, 2, 1), (1, 2, 4, 4), (2, 2, 2), (2, 1, 36, 20, 12), 3, 1, True),
    # Windows padded at every stage. The anchor head keeps the LeakyReLU count small: with the full-resolution heatmap
    # branch (1.8 M LeakyReLU inputs) some always lie within float32 rounding of the kink (the earlier heatmap case had
    # one at -1.3e-6 whose flip moved every deeper gradient by up to 4.5 %). small_both covers the heatmap head.
    "small_padwin": ("anchors", (8, 8, 16, 16), (1, 1, 1, 1), (2, 3, 4, 5), (3, 2, 1), (1, 1, 32, 40, 24), 2, 5),
    "small_anchors": ("anchors", (8, 16, 16, 16), (2, 1, 1, 1), (1, 1, 2, 2), (2, 2, 1), (1, 1, 64, 32, 32), 4, 3),
}


if __name__ == "__main__":
    # "--only NAME[,NAME]" regenerates those cases and keeps the rest of the manifest (and the other cases' files).
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else None
    if only is None:
        cases = [small(name, *args) for name, args in CASES.items()]
        full = full_reference()
        print("parameters: heatmap", full["heatmapParameters"], "anchors", full["anchorParameters"], file=sys.stderr)
    else:
        with open("network_fixtures.json") as f:
            old = json.load(f)
        fresh = {name: small(name, *CASES[name]) for name in only}
        cases = [fresh.get(c["name"], c) for c in old["cases"]]
        full = old["full"]
    manifest = {"torch": torch.__version__, "numpy": np.__version__, "cases": cases, "full": full}
    with open("network_fixtures.json", "w") as f:
        json.dump(manifest, f, indent=1)
