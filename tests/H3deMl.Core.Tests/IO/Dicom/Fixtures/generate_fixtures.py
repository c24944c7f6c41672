#!/usr/bin/env python3
"""Generates the small synthetic DICOM fixtures in files/ and their expected values in expected.json.

The fixtures are our own synthetic images (no patient data), written with Debian's python3-pydicom and transcoded
with Debian's dcmtk (dcmconv, dcmcrle, dcmcjpeg) and libgdcm-tools (gdcmconv). Every expected value is produced by
an oracle independent of H3deMl:
  * the stored pixel values of every transcoded file are decoded back by dcmtk (dcmdjpeg / dcmdrle / dcmconv +te)
    and read with pydicom; the script asserts they equal the synthetic image it started from;
  * geometry is computed from the file's own attributes with the formula of PS3.3 C.7.6.2.1.1
    (P = S + Xc·Δc·c + Yr·Δr·r, Δc = PixelSpacing[1], Δr = PixelSpacing[0]);
  * the JPEG-lossless streams with restart intervals come from a small T.81 encoder in this script and are
    checked by decoding them with dcmdjpeg.

Run from the repository root (needs python3-pydicom, python3-numpy, dcmtk, libgdcm-tools):
  /usr/bin/python3 tests/H3deMl.Core.Tests/IO/Dicom/Fixtures/generate_fixtures.py
"""
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import (ExplicitVRLittleEndian, JPEGLosslessP14, JPEGLosslessSV1, generate_uid)
from pydicom.encaps import encapsulate

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")
ROWS, COLS = 24, 20          # non-square on purpose: rows (j) != columns (i)
UID_ROOT = "1.2.826.0.1.3680043.8.498."  # pydicom's root, for synthetic UIDs


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def tool_version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
        return out.strip().splitlines()[0] if out.strip() else "?"
    except OSError:
        return "absent"


# ---------------------------------------------------------------- synthetic images

def image(kind, seed):
    """Stored values (what the file holds after BitsStored masking/sign extension) for a kind of image."""
    rng = np.random.default_rng(seed)
    jj, ii = np.mgrid[0:ROWS, 0:COLS]
    if kind == "s16":        # signed 16-bit, full range used, with noise (large differences: long Huffman codes)
        v = (ii * 900 - jj * 700 + rng.integers(-3000, 3000, (ROWS, COLS))).astype(np.int64)
        return np.clip(v, -32768, 32767).astype(np.int16)
    if kind == "u16":        # unsigned 16-bit, values up to 65535
        v = ii * 3000 + jj * 200 + rng.integers(0, 600, (ROWS, COLS))
        return np.clip(v, 0, 65535).astype(np.uint16)
    if kind == "u12":        # unsigned, BitsStored 12
        return (ii * 150 + jj * 40 + rng.integers(0, 100, (ROWS, COLS))).clip(0, 4095).astype(np.uint16)
    if kind == "s12":        # signed, BitsStored 12: -2048..2047
        return (ii * 190 - jj * 90 - 900 + rng.integers(-60, 60, (ROWS, COLS))).clip(-2048, 2047).astype(np.int16)
    if kind == "u8":
        return (ii * 12 + jj * 3 + rng.integers(0, 8, (ROWS, COLS))).clip(0, 255).astype(np.uint8)
    if kind == "rgb":
        r = (ii * 12).clip(0, 255)
        g = (jj * 10).clip(0, 255)
        b = ((ii + jj) * 5 + rng.integers(0, 5, (ROWS, COLS))).clip(0, 255)
        return np.stack([r, g, b], axis=-1).astype(np.uint8)
    raise ValueError(kind)


FORMATS = {  # kind: (BitsAllocated, BitsStored, PixelRepresentation, SamplesPerPixel)
    "s16": (16, 16, 1, 1), "u16": (16, 16, 0, 1), "u12": (16, 12, 0, 1), "s12": (16, 12, 1, 1),
    "u8": (8, 8, 0, 1), "rgb": (8, 8, 0, 3),
}


def to_raw_words(kind, stored, garbage=False):
    """The bytes of native pixel data for stored values; garbage=True fills the bits above BitsStored with noise
    (for u12/s12) so that masking and sign extension are exercised."""
    ba, bs, pr, spp = FORMATS[kind]
    if ba == 8:
        return stored.astype(np.uint8).tobytes()
    raw = stored.astype(np.int64) & ((1 << bs) - 1)
    if garbage and bs < 16:
        rng = np.random.default_rng(99)
        raw = raw | (rng.integers(0, 1 << (16 - bs), stored.shape) << bs)
    elif pr == 1 and bs < 16:
        raw = stored.astype(np.int64) & 0xFFFF   # sign-extended, as most writers do
    return raw.astype("<u2").tobytes()


def base_dataset(kind, stored, *, series_uid, instance, position, orientation, spacing, slope=1.0, intercept=0.0,
                 thickness=None, garbage=False, modality="CT", series_number=1, description="synthetic"):
    ba, bs, pr, spp = FORMATS[kind]
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"  # CT Image Storage
    meta.MediaStorageSOPInstanceUID = generate_uid(prefix=UID_ROOT, entropy_srcs=[series_uid, str(instance), kind])
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = modality
    ds.PatientID = "SYNTHETIC"
    ds.StudyInstanceUID = UID_ROOT + "1"
    ds.SeriesInstanceUID = series_uid
    ds.SeriesNumber = series_number
    ds.SeriesDescription = description
    ds.InstanceNumber = instance
    if position is not None:
        ds.ImagePositionPatient = [f"{x:.10g}" for x in position]
    if orientation is not None:
        ds.ImageOrientationPatient = [f"{x:.8f}" for x in orientation]
    if spacing is not None:
        ds.PixelSpacing = [f"{x:g}" for x in spacing]
    if thickness is not None:
        ds.SliceThickness = f"{thickness:g}"
    ds.SamplesPerPixel = spp
    ds.PhotometricInterpretation = "RGB" if spp == 3 else "MONOCHROME2"
    if spp == 3:
        ds.PlanarConfiguration = 0
    ds.Rows = ROWS
    ds.Columns = COLS
    ds.BitsAllocated = ba
    ds.BitsStored = bs
    ds.HighBit = bs - 1
    ds.PixelRepresentation = pr
    if spp == 1:
        ds.RescaleIntercept = f"{intercept:g}"
        ds.RescaleSlope = f"{slope:g}"
    ds.PixelData = to_raw_words(kind, stored, garbage)
    return ds


def save(ds, name):
    path = os.path.join(FILES, name)
    ds.save_as(path, write_like_original=False)
    return path


def oblique_orientation():
    # A rotation about an oblique axis: row cosine X and column cosine Y, exactly orthonormal to 8 decimals.
    a, b = np.radians(20.0), np.radians(-35.0)
    rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, np.cos(b), -np.sin(b)], [0, np.sin(b), np.cos(b)]])
    m = rz @ rx
    return list(np.round(m[:, 0], 8)) + list(np.round(m[:, 1], 8))


# ---------------------------------------------------------------- oracle helpers

def dcmtk_decode(path, ts_uid):
    """Stored values decoded by dcmtk (not by us): decompress to explicit LE, read the raw words with pydicom."""
    tmp = tempfile.mktemp(suffix=".dcm")
    if ts_uid in (JPEGLosslessP14, JPEGLosslessSV1):
        run("dcmdjpeg", path, tmp)
    elif ts_uid == "1.2.840.10008.1.2.5":
        run("dcmdrle", path, tmp)
    else:
        run("dcmconv", "+te", path, tmp)
    ds = pydicom.dcmread(tmp)
    os.remove(tmp)
    return stored_values(ds)


def stored_values(ds):
    """Per frame, the stored values per PS3.5 §8: BitsStored bits ending at HighBit, sign-extended when signed."""
    ba, bs, hb, pr = ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation
    spp = int(getattr(ds, "SamplesPerPixel", 1))
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    dtype = {8: "u1", 16: "<u2", 32: "<u4"}[ba]
    raw = np.frombuffer(ds.PixelData, dtype=dtype).astype(np.int64)
    n = ds.Rows * ds.Columns * spp
    raw = raw[: n * frames].reshape(frames, n)
    if spp == 3 and int(getattr(ds, "PlanarConfiguration", 0)) == 1:
        raw = raw.reshape(frames, 3, -1).transpose(0, 2, 1).reshape(frames, n)
    v = (raw >> (hb + 1 - bs)) & ((1 << bs) - 1)
    if pr == 1:
        v = np.where(v >= (1 << (bs - 1)), v - (1 << bs), v)
    return v


def world_of(ds_like, i, j):
    """PS3.3 C.7.6.2.1.1: world LPS of the centre of column i, row j of a slice."""
    ipp = np.array([float(x) for x in ds_like.ImagePositionPatient])
    iop = np.array([float(x) for x in ds_like.ImageOrientationPatient])
    ps = [float(x) for x in ds_like.PixelSpacing]
    return ipp + iop[:3] * ps[1] * i + iop[3:] * ps[0] * j


def f32_hash(values):
    return hashlib.sha256(np.asarray(values, dtype="<f4").tobytes()).hexdigest()


# ---------------------------------------------------------------- a small T.81 lossless encoder (restart markers)

# Category c (0..16) gets a code of length c + 1 for c < 14 and 16 for c = 14..16: long codes are exercised.
HUFF_COUNTS = [1] * 14 + [0, 3]
HUFF_SYMBOLS = list(range(17))


def huffman_codes():
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(HUFF_COUNTS[length - 1]):
            codes[HUFF_SYMBOLS[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, length):
        for bit in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> bit) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc, self.n = 0, 0

    def flush(self):
        while self.n:
            self.put(1, 1)  # pad with 1-bits (T.81 F.1.2.3)


def jpeg_lossless_encode(x, precision, predictor, point_transform, restart_interval):
    h, w = x.shape
    x = (x.astype(np.int64) & 0xFFFF) >> point_transform
    codes = huffman_codes()
    seg = bytearray(b"\xFF\xD8")
    seg += b"\xFF\xC3" + struct.pack(">HBHHB", 11, precision, h, w, 1) + bytes([1, 0x11, 0])
    seg += b"\xFF\xC4" + struct.pack(">H", 2 + 17 + len(HUFF_SYMBOLS)) + bytes([0x00]) + bytes(HUFF_COUNTS) + bytes(HUFF_SYMBOLS)
    if restart_interval:
        seg += b"\xFF\xDD" + struct.pack(">HH", 4, restart_interval)
    seg += b"\xFF\xDA" + struct.pack(">HB", 8, 1) + bytes([1, 0x00, predictor, 0, point_transform])
    bw = BitWriter()
    first_y, first_x, mcu, rst = 0, 0, 0, 0
    initial = 1 << (precision - point_transform - 1)
    for yy in range(h):
        for xx in range(w):
            if restart_interval and mcu and mcu % restart_interval == 0:
                bw.flush()
                bw.out += bytes([0xFF, 0xD0 + rst])
                rst = (rst + 1) % 8
                first_y, first_x = yy, xx
            mcu += 1
            if yy == first_y:
                p = initial if xx == first_x else x[yy, xx - 1]
            elif xx == 0:
                p = x[yy - 1, xx]
            else:
                ra, rb, rc = x[yy, xx - 1], x[yy - 1, xx], x[yy - 1, xx - 1]
                p = {1: ra, 2: rb, 3: rc, 4: ra + rb - rc, 5: ra + ((rb - rc) >> 1), 6: rb + ((ra - rc) >> 1),
                     7: (ra + rb) >> 1}[predictor]
            d = (int(x[yy, xx]) - int(p)) & 0xFFFF
            if d == 32768:
                code, length = codes[16]
                bw.put(code, length)
                continue
            if d >= 32768:
                d -= 65536
            cat = abs(d).bit_length()
            code, length = codes[cat]
            bw.put(code, length)
            if cat:
                bw.put(d if d > 0 else d + (1 << cat) - 1, cat)
    bw.flush()
    seg += bw.out + b"\xFF\xD9"
    return bytes(seg)


# ---------------------------------------------------------------- main

def main():
    if os.path.isdir(FILES):
        shutil.rmtree(FILES)
    os.makedirs(FILES)
    expected = {
        "generator": "generate_fixtures.py",
        "oracles": {
            "pydicom": pydicom.__version__,
            "numpy": np.__version__,
            "dcmtk": tool_version(["dcmdump", "--version"]),
            "gdcm": tool_version(["gdcmconv", "--version"]),
        },
        "codec": [],
        "series": {},
    }
    iop_axis = [1, 0, 0, 0, 1, 0]

    # ---- 1. codec matrix: one image per kind, transcoded to every syntax the tools make
    for kind, seed in [("s16", 1), ("u16", 2), ("u12", 3), ("s12", 4), ("u8", 5), ("rgb", 6)]:
        stored = image(kind, seed)
        slope, intercept = (2.0, -1024.0) if kind in ("s16", "s12") else (1.0, 0.0)
        ds = base_dataset(kind, stored, series_uid=UID_ROOT + "100." + str(seed), instance=1, position=[-10, 20, 30],
                          orientation=iop_axis, spacing=[0.7, 0.9], slope=slope, intercept=intercept,
                          garbage=kind in ("u12", "s12"))
        base = save(ds, f"{kind}_explicit_le.dcm")
        variants = [(base, "explicit_le")]
        plans = [("implicit_le", ["dcmconv", "+ti"]), ("big_endian", ["dcmconv", "+tb"]),
                 ("deflated", ["dcmconv", "+td"]), ("rle_dcmtk", ["dcmcrle"]), ("rle_gdcm", ["gdcmconv", "--rle"]),
                 ("jpeg_sv1_dcmtk", ["dcmcjpeg", "+e1"]), ("jpeg_gdcm", ["gdcmconv", "--jpeg"])]
        if kind != "u8" and kind != "rgb":
            plans += [(f"jpeg_p14_sv{sv}", ["dcmcjpeg", "+el", "+sv", str(sv)]) for sv in range(1, 8)]
        if kind == "u8":
            plans += [(f"jpeg_p14_sv{sv}", ["dcmcjpeg", "+el", "+sv", str(sv)]) for sv in (1, 4, 7)]
        for name, cmd in plans:
            out = os.path.join(FILES, f"{kind}_{name}.dcm")
            try:
                run(*cmd, base, out)
            except subprocess.CalledProcessError as e:
                print(f"skip {kind} {name}: {e.stderr.decode(errors='replace').strip()}", file=sys.stderr)
                continue
            variants.append((out, name))
        # Planar configuration 1 for colour (written directly).
        if kind == "rgb":
            ds_p = base_dataset(kind, stored, series_uid=UID_ROOT + "100.61", instance=1, position=[-10, 20, 30],
                                orientation=iop_axis, spacing=[0.7, 0.9])
            ds_p.PlanarConfiguration = 1
            ds_p.PixelData = stored.transpose(2, 0, 1).astype(np.uint8).tobytes()
            variants.append((save(ds_p, "rgb_planar1.dcm"), "planar1"))
        truth = stored.reshape(-1).astype(np.int64)
        for path, name in variants:
            ds_v = pydicom.dcmread(path)
            ts = str(ds_v.file_meta.TransferSyntaxUID)
            decoded = dcmtk_decode(path, ts)[0]
            assert np.array_equal(decoded, truth), f"{path}: dcmtk decodes different stored values"
            expected["codec"].append({
                "file": os.path.basename(path), "kind": kind, "variant": name, "transferSyntax": ts,
                "bitsAllocated": FORMATS[kind][0], "bitsStored": FORMATS[kind][1], "signed": FORMATS[kind][2] == 1,
                "samplesPerPixel": FORMATS[kind][3], "slope": slope, "intercept": intercept,
                "oracle": "dcmtk decode + pydicom", "size": os.path.getsize(path),
            })
        expected.setdefault("stored", {})[kind] = truth.tolist()

    # ---- 2. JPEG lossless with restart intervals and point transform, from this script's T.81 encoder.
    # Restart intervals are whole MCU rows: T.81 H.1.1 requires it in lossless mode (and dcmdjpeg enforces it).
    stored = image("u16", 2)
    for sv, pt, ri in [(1, 0, COLS), (4, 0, COLS * 2), (7, 0, COLS * 3), (6, 2, COLS), (2, 0, 0), (5, 1, COLS), (3, 0, COLS * 5)]:
        stream = jpeg_lossless_encode(stored, 16, sv, pt, ri)
        ds = base_dataset("u16", stored, series_uid=UID_ROOT + "200", instance=1, position=[0, 0, 0],
                          orientation=iop_axis, spacing=[1, 1])
        ds.file_meta.TransferSyntaxUID = JPEGLosslessSV1 if (sv == 1 and pt == 0) else JPEGLosslessP14
        ds.PixelData = encapsulate([stream])
        ds["PixelData"].is_undefined_length = True
        ds["PixelData"].VR = "OB"
        name = f"u16_ours_sv{sv}_pt{pt}_ri{ri}.dcm"
        path = save(ds, name)
        decoded = dcmtk_decode(path, str(ds.file_meta.TransferSyntaxUID))[0]
        truth = ((stored.reshape(-1).astype(np.int64) >> pt) << pt)
        ok = np.array_equal(decoded, truth)
        if not ok:
            print(f"dcmtk disagrees with our encoder for {name}; dropped", file=sys.stderr)
            os.remove(path)
            continue
        expected["codec"].append({
            "file": name, "kind": "u16", "variant": f"own_t81_sv{sv}_pt{pt}_ri{ri}",
            "transferSyntax": str(ds.file_meta.TransferSyntaxUID), "bitsAllocated": 16, "bitsStored": 16,
            "signed": False, "samplesPerPixel": 1, "slope": 1.0, "intercept": 0.0, "pointTransform": pt,
            "oracle": "own T.81 encoder, verified by dcmdjpeg", "size": os.path.getsize(path),
        })

    # ---- 3. an oblique, anisotropic series with per-slice rescale, shuffled names, plus a decoy series
    orientation = oblique_orientation()
    row, col = np.array(orientation[:3]), np.array(orientation[3:])
    normal = np.cross(row, col)
    origin = np.array([-31.5, 12.25, 104.0])
    step = 1.25
    series_dir = os.path.join(FILES, "series_oblique")
    os.makedirs(series_dir)
    uid = UID_ROOT + "300"
    n = 6
    order = [3, 0, 5, 1, 4, 2]  # write order and names unrelated to position
    slices = []
    for pos_index in range(n):
        stored = image("s16", 40 + pos_index)
        slope, intercept = (1.0 + 0.5 * pos_index, -1024.0 + 10 * pos_index)
        position = origin + normal * step * pos_index
        slices.append((pos_index, stored, slope, intercept, position))
    for name_index, pos_index in enumerate(order):
        _, stored, slope, intercept, position = slices[pos_index]
        ds = base_dataset("s16", stored, series_uid=uid, instance=name_index + 1, position=position,
                          orientation=orientation, spacing=[0.7, 0.9], slope=slope, intercept=intercept,
                          thickness=3.0, description="oblique")
        save(ds, os.path.join("series_oblique", f"img{(name_index + 1) * 7 % 11}.dcm"))
    # decoy: another series in the same folder (2 slices, other geometry) that must not be read by default
    for d in range(2):
        ds = base_dataset("u8", image("u8", 70 + d), series_uid=UID_ROOT + "301", instance=d + 1,
                          position=[0, 0, 5 * d], orientation=iop_axis, spacing=[1, 1], series_number=2,
                          description="decoy")
        save(ds, os.path.join("series_oblique", f"decoy{d}.dcm"))
    with open(os.path.join(series_dir, "README.txt"), "w") as f:
        f.write("not a DICOM file: the reader must skip it\n")
    # Oracle: read the files back with pydicom, sort by the standard rule, compute corners and values.
    read = [pydicom.dcmread(os.path.join(series_dir, fn)) for fn in sorted(os.listdir(series_dir))
            if fn.startswith("img")]
    read.sort(key=lambda d: float(np.dot([float(x) for x in d.ImagePositionPatient], normal)))
    positions = [np.array([float(x) for x in d.ImagePositionPatient]) for d in read]
    mean_step = float(np.dot(positions[-1] - positions[0], normal)) / (len(read) - 1)
    corners = []
    for (i, j, k) in [(0, 0, 0), (COLS - 1, 0, 0), (0, ROWS - 1, 0), (0, 0, n - 1), (COLS - 1, ROWS - 1, n - 1), (7, 3, 2)]:
        ds_k = read[k]
        vals = stored_values(ds_k)[0].reshape(ROWS, COLS)
        value = vals[j, i] * float(ds_k.RescaleSlope) + float(ds_k.RescaleIntercept)
        corners.append({"ijk": [i, j, k], "worldLps": list(world_of(ds_k, i, j)), "value": value})
    volume = np.stack([stored_values(d)[0] * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in read])
    expected["series"]["series_oblique"] = {
        "size": [COLS, ROWS, n], "spacing": [0.9, 0.7, mean_step], "origin": list(positions[0]),
        "direction": [list(row), list(col), list(normal)],  # columns of the direction matrix
        "samples": corners, "sha256Float32": f32_hash(volume), "sum": float(volume.sum()),
        "sliceThickness": 3.0, "seriesInstanceUid": uid, "seriesCount": 2,
        "oracle": "pydicom attributes + PS3.3 C.7.6.2.1.1",
    }

    # ---- 4. uneven spacing (a missing slice), duplicate positions, empty UIDs
    for name, zs, uid in [("series_uneven", [0, 2, 4, 8, 10], UID_ROOT + "400"),
                          ("series_duplicate", [0, 2, 2, 4], UID_ROOT + "401"),
                          ("series_empty_uid", [5, 3.5, 2, 0.5, -1], "")]:
        os.makedirs(os.path.join(FILES, name))
        for idx, z in enumerate(zs):
            ds = base_dataset("u8", image("u8", 80 + idx), series_uid=uid, instance=idx + 1, position=[1, 2, z],
                              orientation=iop_axis, spacing=[1, 1], thickness=2)
            if uid == "":
                ds.StudyInstanceUID = ""
                ds.SOPInstanceUID = ""
                ds.file_meta.MediaStorageSOPInstanceUID = ""
            save(ds, os.path.join(name, f"s{idx}.dcm"))
        expected["series"][name] = {"positions": zs}
    read = sorted((pydicom.dcmread(os.path.join(FILES, "series_empty_uid", f)) for f in os.listdir(os.path.join(FILES, "series_empty_uid"))),
                  key=lambda d: float(d.ImagePositionPatient[2]))
    vol = np.stack([stored_values(d)[0] for d in read]).astype(np.float64)
    expected["series"]["series_empty_uid"].update({"origin": [1, 2, -1], "spacing": [1, 1, 1.5], "sha256Float32": f32_hash(vol)})

    # ---- 5. multiframe: enhanced-style functional groups, per-frame positions and rescale; RLE and JPEG copies
    frames = 4
    stored_frames = [image("s16", 90 + f) for f in range(frames)]
    ds = base_dataset("s16", stored_frames[0], series_uid=UID_ROOT + "500", instance=1, position=None,
                      orientation=None, spacing=None)
    for tag in ("RescaleSlope", "RescaleIntercept"):
        delattr(ds, tag)
    ds.NumberOfFrames = frames
    shared = Dataset()
    po = Dataset()
    po.ImageOrientationPatient = [f"{x:.8f}" for x in orientation]
    shared.PlaneOrientationSequence = Sequence([po])
    pm = Dataset()
    pm.PixelSpacing = ["0.6", "0.8"]
    pm.SliceThickness = "2"
    shared.PixelMeasuresSequence = Sequence([pm])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    per = []
    mf_origin = np.array([5.0, -7.5, 20.0])
    frame_order = [2, 0, 3, 1]  # frames stored out of spatial order
    for f in range(frames):
        item = Dataset()
        pp = Dataset()
        pp.ImagePositionPatient = [f"{x:.10g}" for x in mf_origin + normal * 2.5 * frame_order[f]]
        item.PlanePositionSequence = Sequence([pp])
        pv = Dataset()
        pv.RescaleSlope = f"{1 + f}"
        pv.RescaleIntercept = f"{-100 * f}"
        pv.RescaleType = "HU"
        item.PixelValueTransformationSequence = Sequence([pv])
        per.append(item)
    ds.PerFrameFunctionalGroupsSequence = Sequence(per)
    ds.PixelData = b"".join(to_raw_words("s16", s) for s in stored_frames)
    base = save(ds, "multiframe_explicit_le.dcm")
    mf_variants = [base]
    for name, cmd in [("implicit_le", ["dcmconv", "+ti"]), ("rle", ["dcmcrle"]), ("jpeg_sv1", ["dcmcjpeg", "+e1"]),
                      ("jpeg_frag_bot", ["dcmcjpeg", "+el", "+sv", "6", "+fs", "1"]),
                      ("jpeg_frag_nobot", ["dcmcjpeg", "+e1", "+fs", "1", "-ot"])]:
        out = os.path.join(FILES, f"multiframe_{name}.dcm")
        run(*cmd, base, out)
        mf_variants.append(out)
    truth = np.stack([s.reshape(-1) for s in stored_frames]).astype(np.int64)  # int64: no overflow in the rescale
    for path in mf_variants:
        ds_v = pydicom.dcmread(path)
        assert np.array_equal(dcmtk_decode(path, str(ds_v.file_meta.TransferSyntaxUID)), truth), path
    # volume in spatial order: frame f sits at position index frame_order[f]
    vol = np.zeros((frames, ROWS * COLS))
    for f in range(frames):
        vol[frame_order[f]] = truth[f] * (1 + f) + (-100 * f)
    expected["series"]["multiframe"] = {
        "files": [os.path.basename(p) for p in mf_variants], "size": [COLS, ROWS, frames],
        "spacing": [0.8, 0.6, 2.5], "origin": list(mf_origin), "direction": [list(row), list(col), list(normal)],
        "sha256Float32": f32_hash(vol), "oracle": "pydicom + dcmtk decode; functional groups per PS3.3 C.7.6.16",
    }

    # Indented, except the long stored-value arrays, which go on one line each.
    stored = expected.pop("stored")
    text = json.dumps(expected, indent=1)
    lines = ",\n".join(f'  "{k}": {json.dumps(v, separators=(",", ":"))}' for k, v in stored.items())
    text = text[:-2] + ',\n "stored": {\n' + lines + "\n }\n}"
    json.loads(text)
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        f.write(text + "\n")
    total = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(FILES) for fn in fns)
    print(f"wrote {sum(len(fns) for _, _, fns in os.walk(FILES))} files, {total} bytes")


if __name__ == "__main__":
    main()
