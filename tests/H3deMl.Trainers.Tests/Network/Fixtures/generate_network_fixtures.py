#!/usr/bin/python3
"""Writes the H3DE-Net parity fixtures (run from this folder with Debian's python3-torch):
  small_*.safetensors   weights of small seeded networks (PyTorch default init), names as the reference
  small_*.ckpt          the same weights as torch.save({'epoch', 'state_dict', ...}) -- for checkpoint import
  small_*_*.npy         input, head outputs, intermediate activations and a few parameter gradients
  full_reference.json   statistics and sampled values of the full default network (both heads) on 1x1x128x128x64,
                        with weights and input from a formula the C# test reproduces (no weight file is needed)
"""
import copy
import json
import struct
import sys
import numpy as np
import torch
from h3denet_torch import H3DENet

torch.set_num_threads(2)


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


def small(name, head, widths, depths, topks, n_win, shape, landmarks, seed, checkpoint=False):
    torch.manual_seed(seed)
    net = H3DENet(n_class=landmarks, widths=widths, depths=depths, topks=topks, n_win=n_win, stem=8, half=8, full=8, head=head)
    x = torch.rand(*shape)
    taps = {}
    heat, anch = net(x, taps)
    # Gradients come from a float64 copy (a more exact oracle than PyTorch's own float32 run).
    net64 = copy.deepcopy(net).double()
    heat64, anch64 = net64(x.double())
    loss = 0
    if heat is not None:
        r = torch.randn(heat.shape)
        save_npy(f"{name}_heatmap_grad_weights.npy", r)
        loss = loss + (heat64 * r.double()).sum()
        save_npy(f"{name}_heatmap.npy", heat)
    if anch is not None:
        r = torch.randn(anch.shape)
        save_npy(f"{name}_anchors_grad_weights.npy", r)
        loss = loss + (anch64 * r.double()).sum()
        save_npy(f"{name}_anchors.npy", anch)
    loss.backward()
    save_npy(f"{name}_input.npy", x)
    for k, v in taps.items():
        save_npy(f"{name}_{k}.npy", v)
    grads = {}
    for pname, p in net64.named_parameters():
        if any(pname.startswith(s) for s in ("downsample_layers.0.0.", "stages.0.0.attn.qkv.", "stages.3.0.mlp.3.", "up1.conv1.0.", "final_conv.", "pre_layer.")):
            grads[pname] = p.grad.float()
    save_safetensors(f"{name}_grads.safetensors", grads)
    save_safetensors(f"{name}.safetensors", net.state_dict())
    if checkpoint:
        torch.save({"epoch": 3, "save_dir": "fixture", "state_dict": net.state_dict(), "optimizer": {}, "args": None}, f"{name}.ckpt")
    print(name, sum(p.numel() for p in net.parameters()), "parameters", file=sys.stderr)
    return {"name": name, "head": head, "widths": list(widths), "depths": list(depths), "topk": list(topks),
            "windows": list(n_win), "input": list(shape), "landmarks": landmarks, "stem": 8, "half": 8, "full": 8,
            "parameters": sum(p.numel() for p in net.parameters()), "taps": sorted(taps), "grads": sorted(grads)}


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


if __name__ == "__main__":
    cases = [
        small("small_both", "both", (8, 16, 16, 32), (1, 1, 2, 1), (1, 2, 4, 4), (2, 2, 2), (2, 1, 36, 20, 12), 3, 1, True),
        small("small_padwin", "heatmap", (8, 8, 16, 16), (1, 1, 1, 1), (2, 3, 4, 5), (3, 2, 1), (1, 1, 32, 40, 24), 2, 2),
        small("small_anchors", "anchors", (8, 16, 16, 16), (2, 1, 1, 1), (1, 1, 2, 2), (2, 2, 1), (1, 1, 64, 32, 32), 4, 3),
    ]
    full = full_reference()
    manifest = {"torch": torch.__version__, "numpy": np.__version__, "cases": cases, "full": full}
    with open("network_fixtures.json", "w") as f:
        json.dump(manifest, f, indent=1)
    print("parameters: heatmap", full["heatmapParameters"], "anchors", full["anchorParameters"], file=sys.stderr)
