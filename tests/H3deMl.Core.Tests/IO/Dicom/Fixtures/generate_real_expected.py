#!/usr/bin/env python3
"""Expected values for the DICOM tests on the real data in ../shared/data (never committed), from independent
oracles: Debian's python3-pydicom and python3-nibabel, dcmtk and libgdcm-tools. Writes expected_real.json.

It also writes tool-made copies of the real series into a scratch folder (default /tmp/h3deml-dicom-fixtures,
or $H3DEML_DICOM_TRANSCODED): the CT head series in every transfer syntax dcmtk/gdcm can make, and the
TotalSegmentator JPEG 2000 series converted with `gdcmconv --raw`. The tests use these copies when they exist and
are skipped otherwise (the tools are not needed at test time).

Run from the repository root:
  /usr/bin/python3 tests/H3deMl.Core.Tests/IO/Dicom/Fixtures/generate_real_expected.py [DATA_DIR]
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys

import nibabel as nib
import numpy as np
import pydicom

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", "..", "..", ".."))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("H3DEML_TESTDATA", os.path.join(REPO, "..", "shared", "data"))
SCRATCH = os.environ.get("H3DEML_DICOM_TRANSCODED", "/tmp/h3deml-dicom-fixtures")


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def f32_hash(values):
    return hashlib.sha256(np.ascontiguousarray(values, dtype="<f4").tobytes()).hexdigest()


def stored_values(ds):
    ba, bs, hb, pr = ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation
    raw = np.frombuffer(ds.PixelData, dtype={8: "u1", 16: "<u2"}[ba]).astype(np.int64)[: ds.Rows * ds.Columns]
    v = (raw >> (hb + 1 - bs)) & ((1 << bs) - 1)
    if pr == 1:
        v = np.where(v >= (1 << (bs - 1)), v - (1 << bs), v)
    return v.reshape(ds.Rows, ds.Columns)


def read_series(folder):
    """pydicom oracle: sort by IPP on the normal, HU = stored·slope + intercept, array [k, j, i]."""
    dss = [pydicom.dcmread(os.path.join(folder, f)) for f in sorted(os.listdir(folder))]
    iop = np.array([float(x) for x in dss[0].ImageOrientationPatient])
    normal = np.cross(iop[:3], iop[3:])
    dss.sort(key=lambda d: float(np.dot([float(x) for x in d.ImagePositionPatient], normal)))
    vol = np.stack([stored_values(d) * float(getattr(d, "RescaleSlope", 1)) + float(getattr(d, "RescaleIntercept", 0)) for d in dss])
    pos = [np.array([float(x) for x in d.ImagePositionPatient]) for d in dss]
    ps = [float(x) for x in dss[0].PixelSpacing]
    step = float(np.dot(pos[-1] - pos[0], normal)) / (len(dss) - 1)
    geometry = {
        "size": [int(dss[0].Columns), int(dss[0].Rows), len(dss)],
        "spacing": [ps[1], ps[0], step],
        "origin": list(pos[0]),
        "direction": [list(iop[:3]), list(iop[3:]), list(normal)],
        "sliceThickness": float(getattr(dss[0], "SliceThickness", 0) or 0),
        "firstFile": os.path.basename(dss[0].filename),
        "lastFile": os.path.basename(dss[-1].filename),
    }
    return vol, geometry, dss


def samples(vol, points):
    return [{"ijk": [i, j, k], "value": float(vol[k, j, i])} for (i, j, k) in points]


def main():
    out = {"oracles": {"pydicom": pydicom.__version__, "nibabel": nib.__version__, "numpy": np.__version__}}
    os.makedirs(SCRATCH, exist_ok=True)

    # ---- CT head (Slicer): 93 slices, names sort wrongly as text
    ct = os.path.join(DATA, "slicer", "CTHeadAxialDicom")
    vol, geo, dss = read_series(ct)
    out["ctHead"] = dict(geo, sha256Float32=f32_hash(vol), sum=float(vol.sum()), min=float(vol.min()), max=float(vol.max()),
                         samples=samples(vol, [(0, 0, 0), (32, 32, 46), (10, 50, 0), (50, 10, 92), (63, 63, 92), (20, 40, 70)]),
                         transferSyntax=str(dss[0].file_meta.TransferSyntaxUID), oracle="pydicom")
    variants = {
        "implicit_le": ["dcmconv", "+ti"], "big_endian": ["dcmconv", "+tb"], "deflated": ["dcmconv", "+td"],
        "rle": ["dcmcrle"], "rle_gdcm": ["gdcmconv", "--rle"], "jpeg_sv1": ["dcmcjpeg", "+e1"], "jpeg_gdcm": ["gdcmconv", "--jpeg"],
    }
    variants.update({f"jpeg_p14_sv{sv}": ["dcmcjpeg", "+el", "+sv", str(sv)] for sv in range(1, 8)})
    made = []
    for name, cmd in variants.items():
        folder = os.path.join(SCRATCH, "cthead", name)
        if not (os.path.isdir(folder) and len(os.listdir(folder)) == len(os.listdir(ct))):
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
            for f in os.listdir(ct):
                run(*cmd, os.path.join(ct, f), os.path.join(folder, f))
        made.append(name)
    out["ctHeadTranscoded"] = {"folder": "cthead", "variants": made, "note": "pixels must equal ctHead's"}

    # ---- dcm_qa_ts: one MR image in 9 syntaxes
    qa = os.path.join(DATA, "dcm_qa_ts", "In")
    reference = None
    files = []
    for n in range(1, 10):
        path = os.path.join(qa, f"{n}.dcm")
        ds = pydicom.dcmread(path)
        ts = str(ds.file_meta.TransferSyntaxUID)
        entry = {"file": f"{n}.dcm", "transferSyntax": ts, "name": ds.file_meta.TransferSyntaxUID.name}
        decodable = ts in ("1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.5",
                           "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.57")
        # dcmtk/gdcm decode to raw explicit LE (JPEG-LS and JPEG 2000 through gdcmconv), pydicom reads the words.
        tmp = os.path.join(SCRATCH, f"qa_{n}.dcm")
        run("gdcmconv", "--raw", path, tmp)
        raw = pydicom.dcmread(tmp)
        v = stored_values(raw).astype(np.float64) * float(getattr(raw, "RescaleSlope", 1)) + float(getattr(raw, "RescaleIntercept", 0))
        if reference is None:
            reference = v
        entry["identicalToFirst"] = bool(np.array_equal(v, reference))
        entry["expect"] = "decode" if decodable else "unsupported"
        files.append(entry)
    ds1 = pydicom.dcmread(os.path.join(qa, "1.dcm"))
    iop = np.array([float(x) for x in ds1.ImageOrientationPatient])
    out["dcmQaTs"] = {
        "files": files, "sha256Float32": f32_hash(reference), "sum": float(reference.sum()),
        "size": [int(ds1.Columns), int(ds1.Rows), 1], "origin": [float(x) for x in ds1.ImagePositionPatient],
        "rowCosine": list(iop[:3]), "columnCosine": list(iop[3:]),
        "pixelSpacing": [float(x) for x in ds1.PixelSpacing],
        "oracle": "gdcmconv --raw + pydicom; dcm_qa_ts README says all are pixel-identical",
    }

    # ---- TotalSegmentator: JPEG 2000, empty UIDs, 2 mm step with 3 mm thickness; raw copy via gdcmconv
    ts_dir = os.path.join(DATA, "totalsegmentator-ct", "example_ct_dicom")
    raw_dir = os.path.join(SCRATCH, "totalsegmentator-raw")
    shutil.rmtree(raw_dir, ignore_errors=True)
    os.makedirs(raw_dir)
    for f in os.listdir(ts_dir):
        # gdcmconv refuses to write a file with an empty SOPInstanceUID: give it temporary UIDs, convert, and empty
        # them again, so the raw copy keeps the empty UIDs the test is about.
        tmp = os.path.join(raw_dir, f + ".tmp")
        shutil.copyfile(os.path.join(ts_dir, f), tmp)
        os.chmod(tmp, 0o644)
        run("dcmodify", "-nb", "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.2", "-m", "(0008,0018)=1.2.3.4", tmp)
        run("gdcmconv", "--raw", tmp, os.path.join(raw_dir, f))
        os.remove(tmp)
        run("dcmodify", "-nb", "-m", "(0008,0016)=", "-m", "(0008,0018)=", os.path.join(raw_dir, f))
    vol, geo, dss = read_series(raw_dir)
    first = pydicom.dcmread(os.path.join(ts_dir, sorted(os.listdir(ts_dir))[0]))
    seg = nib.load(os.path.join(DATA, "totalsegmentator-ct", "example_seg_dicom.nii.gz"))
    ras_to_lps = np.diag([-1.0, -1.0, 1.0, 1.0])
    seg_lps = ras_to_lps @ seg.affine
    labels = np.asanyarray(seg.dataobj)
    # Map every DICOM voxel to the NIfTI grid through both geometries: it must land on integer indices, and the
    # labelled voxels must have plausible HU (tissue, not air).
    o = np.array(geo["origin"])
    d = np.array(geo["direction"]).T * np.array(geo["spacing"])
    inv = np.linalg.inv(seg_lps[:3, :3])
    k_idx, j_idx, i_idx = np.meshgrid(np.arange(vol.shape[0]), np.arange(vol.shape[1]), np.arange(vol.shape[2]), indexing="ij")
    ijk = np.stack([i_idx.ravel(), j_idx.ravel(), k_idx.ravel()])
    world = o[:, None] + d @ ijk
    nifti_index = inv @ (world - seg_lps[:3, 3:4])
    off_grid = float(np.abs(nifti_index - np.round(nifti_index)).max())
    ni = np.round(nifti_index).astype(int)
    lab = labels[ni[0], ni[1], ni[2]]
    hu = vol.ravel()
    out["totalSegmentator"] = dict(
        geo, sha256Float32=f32_hash(vol), sum=float(vol.sum()),
        samples=samples(vol, [(0, 0, 0), (256, 256, 10), (100, 300, 19), (511, 511, 0), (300, 200, 5)]),
        transferSyntax=str(first.file_meta.TransferSyntaxUID), transferSyntaxName=first.file_meta.TransferSyntaxUID.name,
        seriesInstanceUid=str(first.SeriesInstanceUID), niftiLpsAffine=seg_lps.tolist(), niftiOffGridMax=off_grid,
        labelledVoxels=int((lab > 0).sum()), labelledMeanHu=float(hu[lab > 0].mean()), unlabelledMeanHu=float(hu[lab == 0].mean()),
        rawFolder="totalsegmentator-raw",
        oracle="gdcmconv --raw + pydicom; geometry cross-checked with example_seg_dicom.nii.gz through nibabel",
    )
    with open(os.path.join(HERE, "expected_real.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote expected_real.json; transcoded copies in", SCRATCH)


if __name__ == "__main__":
    main()
