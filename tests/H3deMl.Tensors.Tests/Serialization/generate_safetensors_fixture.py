#!/usr/bin/env python3
"""Writes Fixtures/reference.safetensors and Fixtures/reference.json (the expected values) for SafetensorsReaderTests.cs.

The `safetensors` Python package is not installed here and Debian has no python3-safetensors, so the file is written
byte by byte from the format's specification with struct and json only (no third-party code), the way the reference
implementation lays it out:
  * 8 bytes: header length N, unsigned 64-bit little endian;
  * N bytes: UTF-8 JSON {"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets": [begin, end]}}, padded
    with spaces to a multiple of 8 (as safetensors >= 0.3 does);
  * the byte buffer, offsets relative to its start, little endian, tensors back to back.
The header lists the tensors in a different order than their data (sorted by name, as the reference implementation's
header does), so a reader that relies on header order is caught. Dtypes: F32, F16, BF16 and F64.

Run: /usr/bin/python3 generate_safetensors_fixture.py
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def bf16_bits(x):
    # Truncation is exact for the values used here (they have at most 8 significant bits).
    return struct.unpack("<I", struct.pack("<f", x))[0] >> 16


def main():
    # (name, dtype, shape, values); data is laid out in this order.
    tensors = [
        ("stages.0.0.attn.qkv.weight", "F32", [2, 3], [0.5, -1.25, 3.0, 1e-8, -0.0, 123456.789]),
        ("downsample_layers.0.0.bias", "F32", [4], [1.0, 2.0, -3.5, 0.1]),
        ("norm0.weight", "F16", [3], [1.0, -2.5, 0.0009765625]),
        ("norm0.bias", "BF16", [2, 2], [1.5, -0.375, 256.0, -0.0078125]),
        ("head.scale", "F64", [2], [0.1, -7.25]),
        ("empty", "F32", [0, 3], []),
        ("scalar", "F32", [], [42.0]),
    ]
    buffer = bytearray()
    entries = {}
    expected = {}
    for name, dtype, shape, values in tensors:
        begin = len(buffer)
        for v in values:
            if dtype == "F32":
                buffer += struct.pack("<f", v)
            elif dtype == "F16":
                buffer += struct.pack("<e", v)
            elif dtype == "BF16":
                buffer += struct.pack("<H", bf16_bits(v))
            elif dtype == "F64":
                buffer += struct.pack("<d", v)
        entries[name] = {"dtype": dtype, "shape": shape, "data_offsets": [begin, len(buffer)]}
        # The float32 values a reader must produce (F32 rounds 123456.789 and 0.1 to float32; F64 0.1 too).
        expected[name] = {"shape": shape, "values": [struct.unpack("<f", struct.pack("<f", v))[0] for v in values]}

    header = {"__metadata__": {"format": "pt", "source": "generate_safetensors_fixture.py"}}
    for name in sorted(entries):
        header[name] = entries[name]
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    data = struct.pack("<Q", len(text)) + text + bytes(buffer)

    os.makedirs(os.path.join(HERE, "Fixtures"), exist_ok=True)
    with open(os.path.join(HERE, "Fixtures", "reference.safetensors"), "wb") as f:
        f.write(data)
    with open(os.path.join(HERE, "Fixtures", "reference.json"), "w") as f:
        json.dump({"generator": "generate_safetensors_fixture.py (struct/json, no safetensors package)",
                   "metadata": header["__metadata__"], "order": [t[0] for t in tensors], "tensors": expected}, f, indent=1)
        f.write("\n")
    print("wrote", len(data), "bytes")


if __name__ == "__main__":
    main()
