#!/usr/bin/python3
"""Writes an independent PNG fixture for the managed test decoder (PngTestDecoder), and checks PNGs written by
H3deMl's PngEncoder with nothing but zlib and struct.

  make_png_fixtures.py            writes filters-rgb-13x7.png: 13x7 RGB, row y uses filter y % 5 (None, Sub, Up,
                                  Average, Paeth), pixel (x, y, c) = (x*37 + y*11 + c*101 + x*y*7) & 255
  make_png_fixtures.py FILE.png   decodes FILE.png (grey, RGB or indexed, 8-bit), verifies every chunk CRC and the
                                  zlib stream, and prints width, height, colour type and the SHA-256 of the RGB pixels
Python 3.11 (Debian), standard library only.
"""
import hashlib
import struct
import sys
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def predictor(f, a, b, c):
    return [0, a, b, (a + b) >> 1, paeth(a, b, c)][f]


def write_fixture(path):
    w, h, bpp = 13, 7, 3
    rows = [[(x * 37 + y * 11 + c * 101 + x * y * 7) & 255 for x in range(w) for c in range(bpp)] for y in range(h)]
    raw = bytearray()
    prev = [0] * (w * bpp)
    for y, row in enumerate(rows):
        f = y % 5
        raw.append(f)
        for i, v in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            c = prev[i - bpp] if i >= bpp else 0
            raw.append((v - predictor(f, a, prev[i], c)) & 255)
        prev = row
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(png)


def decode(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "bad signature"
    pos, idat, palette = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, f"bad CRC in {kind}"
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 3 if ctype == 2 else 1
    raw, stride, prev, rgb = zlib.decompress(idat), w * bpp, [0] * (w * bpp), bytearray()
    for y in range(h):
        f, line = raw[y * (stride + 1)], raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
        row = []
        for i, v in enumerate(line):
            a = row[i - bpp] if i >= bpp else 0
            c = prev[i - bpp] if i >= bpp else 0
            row.append((v + predictor(f, a, prev[i], c)) & 255)
        for x in range(w):
            if ctype == 2:
                rgb += bytes(row[3 * x:3 * x + 3])
            elif ctype == 3:
                rgb += palette[3 * row[x]:3 * row[x] + 3]
            else:
                rgb += bytes([row[x]] * 3)
        prev = row
    print(w, h, ctype, hashlib.sha256(rgb).hexdigest())


if __name__ == "__main__":
    if len(sys.argv) > 1:
        decode(sys.argv[1])
    else:
        write_fixture(__file__.rsplit("/", 1)[0] + "/filters-rgb-13x7.png")
