#!/usr/bin/python3
"""Writes the ONNX scoring fixtures (run from this folder with Debian's python3-torch 1.13; no onnx package needed):
  op_*.onnx, op_*_in*.npy, op_*_out*.npy   single-operator and small models exported by torch.onnx.export (opset 17,
                                           dynamic batch axis) with PyTorch's outputs
  net_heatmap.onnx, net_anchors.onnx       small seeded H3DE-Net configurations (the PyTorch rendering the network
                                           parity tests use), with their input and PyTorch's output
  onnx_fixtures.json                       the manifest: every model's inputs, outputs and the node operators torch emitted

  --reference DIR   instead, exports the full default network (both heads, formula weights shared with the network
                    parity tests) for a 1x1x128x128x64 input to DIR/reference.onnx (about 100 MB; not committed) with
                    its input and outputs, for the speed comparison.
"""
import json
import os
import sys
import warnings
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "H3deMl.Trainers.Tests", "Network", "Fixtures"))
from h3denet_torch import H3DENet  # noqa: E402
from generate_network_fixtures import formula_fill, formula_uniform  # noqa: E402

torch.set_num_threads(2)
warnings.filterwarnings("ignore")
OPSET = 17


# --- a minimal protobuf reader: lists the operators of an exported file (the onnx package is not installed) ---
def varint(b, i):
    r = s = 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, i


def fields(b):
    i = 0
    while i < len(b):
        key, i = varint(b, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(b, i)
        elif wt == 1:
            v, i = b[i:i + 8], i + 8
        elif wt == 5:
            v, i = b[i:i + 4], i + 4
        elif wt == 2:
            n, i = varint(b, i)
            v, i = b[i:i + n], i + n
        else:
            raise ValueError("wire type %d" % wt)
        yield num, v


def operators(path):
    ops, opsets = [], {}
    for num, v in fields(open(path, "rb").read()):
        if num == 8:
            d = dict(fields(v))
            opsets[d.get(1, b"").decode()] = d.get(2)
        if num == 7:
            for gnum, node in fields(v):
                if gnum == 1:
                    nf = dict(fields(node))
                    ops.append(nf.get(4, b"").decode())
    return ops, opsets


def save(name, a):
    a = a.detach().cpu().numpy() if torch.is_tensor(a) else np.asarray(a)
    if a.dtype == np.float64:
        a = a.astype(np.float32)
    np.save(name, a.copy(order="C"), allow_pickle=False)  # ascontiguousarray would turn a 0-d array into 1-d


def export(name, module, inputs, outputs_names, dynamic=True, folder="."):
    module.eval()
    inputs = tuple(inputs)
    in_names = ["input"] if len(inputs) == 1 else ["input%d" % i for i in range(len(inputs))]
    axes = {n: {0: "batch"} for n in in_names} if dynamic else None
    path = os.path.join(folder, name + ".onnx")
    with torch.no_grad():
        outs = module(*inputs)
        if not isinstance(outs, tuple):
            outs = (outs,)
        torch.onnx.export(module, inputs, path, opset_version=OPSET, input_names=in_names, output_names=list(outputs_names),
                          dynamic_axes=axes)
    entry = {"name": name, "file": name + ".onnx", "inputs": [], "outputs": []}
    for n, x in zip(in_names, inputs):
        f = "%s_%s.npy" % (name, n)
        save(os.path.join(folder, f), x)
        entry["inputs"].append({"name": n, "file": f, "shape": list(x.shape), "dtype": str(x.dtype).replace("torch.", "")})
    for n, y in zip(outputs_names, outs):
        f = "%s_%s.npy" % (name, n)
        save(os.path.join(folder, f), y)
        entry["outputs"].append({"name": n, "file": f, "shape": list(y.shape), "dtype": str(y.dtype).replace("torch.", "")})
    ops, opsets = operators(path)
    entry["operators"] = ops
    entry["opsets"] = opsets
    entry["bytes"] = os.path.getsize(path)
    print("%-28s %7d B  %s" % (name, entry["bytes"], " ".join(ops) if len(ops) < 40 else "%d nodes: %s" % (len(ops), " ".join(sorted(set(ops))))), file=sys.stderr)
    return entry


class Lambda(nn.Module):
    def __init__(self, f, **modules):
        super().__init__()
        self.f = f
        for k, m in modules.items():
            setattr(self, k, m)

    def forward(self, *xs):
        return self.f(self, *xs)


def r(*shape):
    return torch.randn(*shape)


def operator_cases():
    torch.manual_seed(7)
    bn = nn.BatchNorm3d(4)
    with torch.no_grad():
        bn.running_mean.copy_(torch.randn(4))
        bn.running_var.copy_(torch.rand(4) + 0.5)
        bn.weight.copy_(torch.randn(4))
        bn.bias.copy_(torch.randn(4))
    inorm = nn.InstanceNorm3d(3, affine=True)
    with torch.no_grad():
        inorm.weight.copy_(torch.randn(3))
        inorm.bias.copy_(torch.randn(3))
    ln = nn.LayerNorm(6, eps=1e-6)
    with torch.no_grad():
        ln.weight.copy_(torch.randn(6))
        ln.bias.copy_(torch.randn(6))
    return [
        ("op_conv3d", Lambda(lambda s, x: s.c(x), c=nn.Conv3d(4, 6, 3, stride=(2, 1, 2), padding=(1, 0, 1), groups=2)), [r(2, 4, 7, 6, 9)], ["output"]),
        ("op_conv3d_depthwise", Lambda(lambda s, x: s.c(x), c=nn.Conv3d(4, 4, 5, padding=2, groups=4, bias=False)), [r(1, 4, 6, 5, 7)], ["output"]),
        ("op_conv3d_dilated", Lambda(lambda s, x: s.c(x), c=nn.Conv3d(2, 3, 3, padding=2, dilation=2)), [r(1, 2, 6, 7, 5)], ["output"]),
        ("op_conv2d", Lambda(lambda s, x: s.c(x), c=nn.Conv2d(3, 5, 3, stride=2, padding=1)), [r(2, 3, 9, 8)], ["output"]),
        ("op_conv1d", Lambda(lambda s, x: s.c(x), c=nn.Conv1d(3, 4, 5, padding=1)), [r(2, 3, 11)], ["output"]),
        ("op_convtranspose3d", Lambda(lambda s, x: s.c(x), c=nn.ConvTranspose3d(4, 3, 2, stride=2)), [r(2, 4, 3, 4, 5)], ["output"]),
        ("op_convtranspose3d_padded", Lambda(lambda s, x: s.c(x), c=nn.ConvTranspose3d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2)), [r(1, 4, 3, 2, 4)], ["output"]),
        ("op_convtranspose2d", Lambda(lambda s, x: s.c(x), c=nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)), [r(2, 3, 4, 5)], ["output"]),
        ("op_batchnorm3d", Lambda(lambda s, x: s.bn(x), bn=bn), [r(2, 4, 3, 4, 5)], ["output"]),
        ("op_instancenorm3d", Lambda(lambda s, x: s.n(x), n=inorm), [r(2, 3, 4, 5, 6)], ["output"]),
        ("op_layernorm", Lambda(lambda s, x: s.n(x), n=ln), [r(2, 3, 4, 6)], ["output"]),
        ("op_linear3d", Lambda(lambda s, x: s.l(x), l=nn.Linear(6, 5)), [r(2, 7, 6)], ["output"]),
        ("op_gemm", Lambda(lambda s, x: s.l(x), l=nn.Linear(6, 5)), [r(3, 6)], ["output"]),
        ("op_matmul", Lambda(lambda s, a, b: a @ b), [r(2, 3, 4, 5), r(2, 3, 5, 6)], ["output"]),
        ("op_arithmetic", Lambda(lambda s, a, b: ((a + b) * (a - b) / (b * b + 1)) + torch.sqrt(b * b + 0.5) + torch.pow(a, 2.0) + torch.pow(b * b + 1, a * 0.5)),
         [r(2, 3, 4), r(3, 1)], ["output"]),
        ("op_erf_gelu", Lambda(lambda s, x: (torch.erf(x), s.g(x)), g=nn.GELU()), [r(2, 5, 6)], ["erf", "gelu"]),
        ("op_activations", Lambda(lambda s, x: (F.relu(x), F.leaky_relu(x, 0.01), torch.sigmoid(x), torch.tanh(x))), [r(2, 3, 7)], ["relu", "leaky", "sigmoid", "tanh"]),
        ("op_softmax", Lambda(lambda s, x: (torch.softmax(x, -1), torch.softmax(x, 1))), [r(2, 3, 4, 5)], ["last", "axis1"]),
        ("op_topk", Lambda(lambda s, x: torch.topk(x, 3, dim=-1)), [r(2, 4, 9)], ["values", "indices"]),
        ("op_topk_smallest", Lambda(lambda s, x: torch.topk(x, 2, dim=1, largest=False)), [r(2, 5, 3)], ["values", "indices"]),
        ("op_gather", Lambda(lambda s, x: (x[:, 2], x[:, :, torch.tensor([3, 0, 2])], torch.index_select(x, 2, torch.tensor([1, 1])))), [r(2, 4, 5)], ["scalar", "vector", "select"]),
        ("op_gatherelements", Lambda(lambda s, x: torch.gather(x, 1, torch.topk(x, 2, dim=1).indices)), [r(2, 5, 3)], ["output"]),
        ("op_expand", Lambda(lambda s, x: x.unsqueeze(1).expand(-1, 3, 4, 5) * 2), [r(2, 4, 5)], ["output"]),
        ("op_reshape_transpose", Lambda(lambda s, x: x.reshape(x.shape[0], 2, -1, 5).permute(0, 3, 1, 2).reshape(x.shape[0], -1)), [r(2, 4, 3, 5)], ["output"]),
        ("op_concat_split", Lambda(lambda s, a, b: torch.split(torch.cat([a, b], 1), [2, 5, 1], dim=1)), [r(2, 3, 4), r(2, 5, 4)], ["first", "second", "third"]),
        ("op_chunk", Lambda(lambda s, x: torch.chunk(x, 3, dim=-1)), [r(2, 3, 9)], ["a", "b", "c"]),
        ("op_slice", Lambda(lambda s, x: (x[:, 1:5:2, -3:], x[..., :-1], x[:, ::3])), [r(2, 6, 7)], ["strided", "tail", "step"]),
        ("op_resize_trilinear", Lambda(lambda s, x: F.interpolate(x, scale_factor=2, mode="trilinear", align_corners=False)), [r(2, 3, 3, 4, 2)], ["output"]),
        ("op_resize_nearest", Lambda(lambda s, x: F.interpolate(x, scale_factor=2, mode="nearest")), [r(1, 2, 3, 4, 2)], ["output"]),
        ("op_resize_bilinear_size", Lambda(lambda s, x: F.interpolate(x, size=(7, 5), mode="bilinear", align_corners=True)), [r(2, 3, 4, 3)], ["output"]),
        ("op_avgpool3d", Lambda(lambda s, x: (F.avg_pool3d(x, 3, 2, 1), F.avg_pool3d(x, 2, 2, 0), F.avg_pool3d(x, 3, 2, 1, count_include_pad=False))), [r(2, 3, 7, 6, 5)], ["padded", "plain", "exclude"]),
        ("op_maxpool3d", Lambda(lambda s, x: (F.max_pool3d(x, 2, 2), F.max_pool3d(x, 3, 2, 1))), [r(2, 3, 7, 6, 5)], ["plain", "padded"]),
        ("op_pool2d", Lambda(lambda s, x: (F.max_pool2d(x, 2), F.avg_pool2d(x, 3, 1, 1))), [r(1, 2, 6, 7)], ["max", "avg"]),
        ("op_pad", Lambda(lambda s, x: (F.pad(x, (0, 2, 1, 0, 0, 3)), F.pad(x, (1, 1, 2, 0, 1, 1), mode="reflect"), F.pad(x, (1, 2, 0, 1, 2, 0), mode="replicate"))), [r(1, 2, 3, 4, 5)], ["constant", "reflect", "edge"]),
        ("op_reduce", Lambda(lambda s, x: (x.mean(-1), x.mean((1, 2), keepdim=True), x.sum(1), x.amax(2, keepdim=True), x.sum())), [r(2, 3, 4, 5)], ["mean", "mean12", "sum", "max", "total"]),
        ("op_shape_chain", Lambda(lambda s, x: x.squeeze(3).reshape(x.shape[0], x.shape[1] * x.shape[2], -1).unsqueeze(1)), [r(2, 3, 4, 1)], ["output"]),
        ("op_where_compare", Lambda(lambda s, a, b: (torch.where(a > b, a, b * 2), (a == torch.round(b)).float(), (a < b).float() + (a > 0).float())), [r(2, 3, 4), r(3, 4)], ["where", "equal", "less"]),
        ("op_cast_int", Lambda(lambda s, x: (x * 3).long().float() + x.shape[1]), [r(2, 5)], ["output"]),
    ]


def network_cases(folder):
    class Head(nn.Module):
        def __init__(self, net, which):
            super().__init__()
            self.net, self.which = net, which

        def forward(self, x):
            heat, anch = self.net(x)
            return heat if self.which == "heatmap" else anch

    entries = []
    for name, head, shape, seed in (("net_heatmap", "heatmap", (2, 1, 40, 24, 16), 11), ("net_anchors", "anchors", (1, 1, 36, 32, 20), 12)):
        torch.manual_seed(seed)
        net = H3DENet(n_class=3, widths=(8, 16, 16, 32), depths=(1, 1, 2, 1), topks=(1, 2, 4, 4), n_win=(2, 2, 2), stem=8, half=8, full=8, head=head)
        with torch.no_grad():  # non-trivial normalisation parameters (PyTorch initialises them to 1 and 0)
            for pname, p in net.named_parameters():
                if p.dim() == 1:
                    p.add_(torch.randn_like(p) * 0.1)
        e = export(name, Head(net, head), [torch.rand(*shape)], [head], folder=folder)
        e["network"] = {"head": head, "widths": [8, 16, 16, 32], "depths": [1, 1, 2, 1], "topk": [1, 2, 4, 4], "windows": [2, 2, 2],
                        "landmarks": 3, "stem": 8, "half": 8, "full": 8}
        entries.append(e)
    return entries


def reference(folder):
    class Both(nn.Module):
        def __init__(self, net):
            super().__init__()
            self.net = net

        def forward(self, x):
            return self.net(x)

    net = H3DENet(head="both")
    with torch.no_grad():
        for pname, p in net.named_parameters():
            p.copy_(formula_fill(pname, p))
    x = torch.from_numpy(formula_uniform("input", 128 * 128 * 64).reshape(1, 1, 128, 128, 64)) * 0.5 + 0.5
    return export("reference", Both(net), [x], ["heatmap", "anchors"], folder=folder)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--reference":
        os.makedirs(sys.argv[2], exist_ok=True)
        json.dump(reference(sys.argv[2]), open(os.path.join(sys.argv[2], "reference.json"), "w"), indent=1)
        sys.exit(0)
    entries = [export(name, m, xs, outs) for name, m, xs, outs in operator_cases()]
    entries += network_cases(".")
    all_ops = sorted({o for e in entries for o in e["operators"]})
    print("operators:", " ".join(all_ops), file=sys.stderr)
    with open("onnx_fixtures.json", "w") as f:
        json.dump({"torch": torch.__version__, "opset": OPSET, "operators": all_ops, "models": entries}, f, indent=1)
