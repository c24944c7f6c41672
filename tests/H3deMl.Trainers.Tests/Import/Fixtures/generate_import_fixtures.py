#!/usr/bin/python3
"""Writes the checkpoint-import fixtures (run from this folder with Debian's python3-torch 1.13):

  small_both_dataparallel.ckpt  ../../Network/Fixtures/small_both.ckpt's weights under 'state_dict' with DataParallel's
                                'module.' prefix (the C# test compares with small_both.safetensors and PyTorch's outputs)
  tiny_bare.ckpt                a bare state_dict (torch.save(net.state_dict())) of a tiny network, head 'both'
  tiny_anchor_reference.ckpt    like a reference anchor-network checkpoint (H3DE-NET.md §3, §6): {'epoch', 'save_dir',
                                'state_dict', 'optimizer': a real Adam state_dict, 'args': argparse.Namespace}; the state
                                dict also holds the known-unused modules (norm = BatchNorm3d with running stats,
                                head = Linear, early_down1/2, and the anchor network's unused up3/up4/final_conv/c1/c2)
  tiny_mismatch.ckpt            tiny_bare with 'final_conv.weight' renamed and 'pre_layer.bias' cut to another shape
  tiny.safetensors              every tensor of the tiny network's state dict (expected values)
  views.ckpt, views.json        tensors of every float dtype, non-contiguous views, offsets, a scalar, an empty tensor and
                                an nn.Parameter, with their values as float lists
  protocol4.ckpt                a dict with a tensor, a set, a frozenset and bytes saved with pickle_protocol=4
  byteorder_big.ckpt            float32/float64/float16 storages written big-endian, with the 'byteorder' record
  hostile/*.ckpt                hand-written malicious or broken archives; each must be refused (see ImportHostileTests)
"""
import argparse
import collections
import io
import json
import os
import pickle
import struct
import sys
import zipfile

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Network", "Fixtures"))
from h3denet_torch import H3DENet  # noqa: E402

torch.manual_seed(11)
TINY = dict(n_class=2, widths=(8, 8, 8, 8), depths=(1, 0, 1, 0), topks=(1, 1, 2, 2), n_win=(2, 2, 2), stem=8, half=8, full=8)


def save_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        data = tensors[name].detach().float().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def put(z, name, data):
    # A fixed timestamp keeps regenerated files byte-identical.
    z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)


def raw_archive(path, pickle_bytes, storages=None, name="archive"):
    """A zip laid out as torch.save lays it out, with a hand-written pickle."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        put(z, f"{name}/data.pkl", pickle_bytes)
        for key, data in (storages or {}).items():
            put(z, f"{name}/data/{key}", data)
        put(z, f"{name}/version", "3\n")


class _Storage:
    def __init__(self, dtype_class, key, count):
        self.pid = ("storage", dtype_class, key, "cpu", count)


class _Tensor:
    """Pickles as torch does: _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)."""

    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, tuple(size), tuple(stride), False, collections.OrderedDict())

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2, self.args)


class _TorchLikePickler(pickle.Pickler):
    def persistent_id(self, obj):
        return obj.pid if isinstance(obj, _Storage) else None


def torch_like_pickle(obj):
    buf = io.BytesIO()
    _TorchLikePickler(buf, protocol=2).dump(obj)
    return buf.getvalue()


def floats(values):
    return struct.pack(f"<{len(values)}f", *values)


def hostile():
    os.makedirs("hostile", exist_ok=True)
    # GLOBAL os.system applied by REDUCE: the classic pickle exploit. Must be refused at the GLOBAL, never run.
    raw_archive("hostile/os_system.ckpt", b"\x80\x02cos\nsystem\nX\x1d\x00\x00\x00touch /tmp/h3de_import_pwned\x85R.")
    # builtins.eval through STACK_GLOBAL (protocol 4 style).
    raw_archive("hostile/builtins_eval.ckpt",
                b"\x80\x04\x8c\x08builtins\x8c\x04eval\x93X\x1d\x00\x00\x00open('/tmp/h3de_import_pwned')\x85R.")
    # A non-callable allow-listed name applied by REDUCE.
    raw_archive("hostile/reduce_storage_class.ckpt", b"\x80\x02ctorch\nFloatStorage\n)R.")
    # REDUCE applying a string.
    raw_archive("hostile/reduce_string.ckpt", b"\x80\x02X\x03\x00\x00\x00abc)R.")
    # INST, an opcode torch.save never writes (it builds arbitrary objects in protocol 0).
    raw_archive("hostile/inst_opcode.ckpt", b"\x80\x02(ios\nsystem\n.")
    # A well-formed checkpoint whose pickle is cut in half.
    good = torch_like_pickle({"w": _Tensor(_Storage(torch.FloatStorage, "0", 4), 0, (2, 2), (2, 1))})
    raw_archive("hostile/truncated.ckpt", good[: len(good) // 2], {"0": floats([1, 2, 3, 4])})
    # A storage key with no record.
    raw_archive("hostile/missing_storage.ckpt",
                torch_like_pickle({"w": _Tensor(_Storage(torch.FloatStorage, "7", 4), 0, (2, 2), (2, 1))}), {"0": floats([1, 2, 3, 4])})
    # A tensor whose shape needs more elements than its storage holds.
    raw_archive("hostile/shape_exceeds_storage.ckpt",
                torch_like_pickle({"w": _Tensor(_Storage(torch.FloatStorage, "0", 4), 0, (3, 3), (3, 1))}), {"0": floats([1, 2, 3, 4])})
    # A storage declaring 2^40 elements over a 16-byte record.
    raw_archive("hostile/absurd_storage_count.ckpt",
                torch_like_pickle({"w": _Tensor(_Storage(torch.FloatStorage, "0", 1 << 40), 0, (2, 2), (2, 1))}), {"0": floats([1, 2, 3, 4])})
    # A tensor of 2^40 × 2^40 elements with zero strides (fits any storage by strides alone): must not be allocated.
    raw_archive("hostile/absurd_shape.ckpt",
                torch_like_pickle({"w": _Tensor(_Storage(torch.FloatStorage, "0", 4), 0, (1 << 40, 1 << 40), (0, 0))}), {"0": floats([1, 2, 3, 4])})
    # A string declaring 4 GiB.
    raw_archive("hostile/absurd_string.ckpt", b"\x80\x02X\xff\xff\xff\xffabc.")
    # 300 nested MARKs.
    raw_archive("hostile/deep_nesting.ckpt", b"\x80\x02" + b"(" * 300 + b"t" * 300 + b".")
    # Reading a memo slot that was never written.
    raw_archive("hostile/bad_memo.ckpt", b"\x80\x02h\x05.")
    # Not a zip at all, and the legacy (pre-1.6) format.
    with open("hostile/not_a_checkpoint.ckpt", "wb") as f:
        f.write(b"hello, this is not a checkpoint\n")
    torch.save({"w": torch.ones(2)}, "hostile/legacy_format.ckpt", _use_new_zipfile_serialization=False)


def views():
    base = torch.arange(24, dtype=torch.float32) / 8 - 1
    m = base.reshape(4, 6)
    obj = {
        "contiguous": m,
        "transposed": m.t(),
        "column_slice": m[:, 1:4],
        "offset_rows": m[1:3],
        "strided": m[::2, ::3],
        "float64": torch.linspace(-2, 2, 5, dtype=torch.float64),
        "float16": torch.tensor([0.5, -1.25, 65504.0, 6e-5], dtype=torch.float16),
        "bfloat16": torch.tensor([1.0, -3.5, 1e20], dtype=torch.bfloat16),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3),
        "parameter": torch.nn.Parameter(torch.tensor([[1.0, 2.0], [3.0, 4.0]])),
        "int64": torch.tensor([1, 2, 3]),
        "expanded": torch.tensor([1.0, 2.0]).expand(3, 2),
    }
    torch.save(obj, "views.ckpt")
    expected = {k: {"shape": list(v.shape), "values": v.detach().double().reshape(-1).tolist()} for k, v in obj.items()}
    with open("views.json", "w") as f:
        json.dump({"torch": torch.__version__, "tensors": expected}, f, indent=1)


def other_encodings():
    # pickle_protocol=4 (FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL, EMPTY_SET/ADDITEMS, FROZENSET).
    torch.save({"w": torch.tensor([[1.5, -2.0], [0.25, 8.0]]), "s": {1, 2}, "f": frozenset({3}), "b": b"xy"},
               "protocol4.ckpt", pickle_protocol=4)
    # Storages written big-endian (as on a big-endian machine, announced by the 'byteorder' record).
    pkl = torch_like_pickle({
        "f32": _Tensor(_Storage(torch.FloatStorage, "0", 3), 0, (3,), (1,)),
        "f64": _Tensor(_Storage(torch.DoubleStorage, "1", 2), 0, (2,), (1,)),
        "f16": _Tensor(_Storage(torch.HalfStorage, "2", 2), 0, (2,), (1,)),
    })
    with zipfile.ZipFile("byteorder_big.ckpt", "w", zipfile.ZIP_STORED) as z:
        put(z, "archive/data.pkl", pkl)
        put(z, "archive/byteorder", "big")
        put(z, "archive/data/0", struct.pack(">3f", 1.5, -2.0, 3.25))
        put(z, "archive/data/1", struct.pack(">2d", 0.125, -7.5))
        put(z, "archive/data/2", struct.pack(">2e", 0.5, -1.75))
        put(z, "archive/version", "3\n")


def main():
    # The small network of the parity fixtures, re-saved as a DataParallel checkpoint.
    ck = torch.load(os.path.join("..", "..", "Network", "Fixtures", "small_both.ckpt"))
    dp = collections.OrderedDict(("module." + k, v) for k, v in ck["state_dict"].items())
    torch.save({"epoch": 5, "save_dir": "fixture", "state_dict": dp, "optimizer": {}, "args": None}, "small_both_dataparallel.ckpt")

    net = H3DENet(head="both", **TINY)
    # Clones: the optimiser step below updates the parameters in place, and state_dict() shares their storage.
    sd = collections.OrderedDict((k, v.clone()) for k, v in net.state_dict().items())
    torch.save(sd, "tiny_bare.ckpt")
    save_safetensors("tiny.safetensors", sd)

    # The reference anchor network also holds modules it never uses (H3DE-NET.md §1, §3).
    ref = collections.OrderedDict(sd)
    bn = torch.nn.BatchNorm3d(8)
    bn.running_mean.uniform_()
    for k, v in bn.state_dict().items():
        ref["norm." + k] = v
    for k, v in torch.nn.Linear(8, 2).state_dict().items():
        ref["head." + k] = v
    for k, v in torch.nn.Conv3d(8, 8, 1, stride=4).state_dict().items():
        ref["early_down1." + k] = v
    for k, v in torch.nn.Conv3d(8, 8, 1, stride=2).state_dict().items():
        ref["early_down2." + k] = v
    params = [p for n, p in net.named_parameters() if n.startswith("pre_layer")]
    opt = torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.98), weight_decay=5e-4)
    sum(p.sum() for p in params).backward()
    opt.step()
    args = argparse.Namespace(lr=1e-3, gpu="6", n_class=2, save_dir="../SavePath/yolol2", resume=False, crop=(128, 128, 64), big=1 << 40)
    torch.save({"epoch": 17, "save_dir": "../SavePath/yolol2", "state_dict": ref, "optimizer": opt.state_dict(), "args": args},
               "tiny_anchor_reference.ckpt")

    bad = collections.OrderedDict(sd)
    bad["final_conv.weights"] = bad.pop("final_conv.weight")
    bad["pre_layer.bias"] = bad["pre_layer.bias"][:-1].clone()
    torch.save(bad, "tiny_mismatch.ckpt")

    views()
    other_encodings()
    hostile()
    print("torch", torch.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
