#!/usr/bin/env python3
"""Writes io_expectations.json: expected geometry and voxel values for the real test data, from independent oracles.

Oracles: nibabel (NIfTI headers, affines, scaled voxel data), numpy + Python's gzip/bz2 (NRRD and raw data decoded
here from the bytes, with a few lines of header parsing), json/csv (landmark files). Run with Debian's python3:

    /usr/bin/python3 tests/H3deMl.Core.Tests/Fixtures/generate_io_expectations.py ../shared/data

Conventions match H3deMl: voxel index (i, j, k) with i the first array axis; world coordinates LPS mm, i.e. nibabel's
RAS affine with its first two rows negated; spacing = column norms; direction = normalised columns, listed row by row.
Non-spatial axes (4D) are the component index c.
"""
import bz2, glob, gzip, json, os, re, sys

import nibabel as nib
import numpy as np

data_root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../../../../shared/data'))
nib_root = os.path.join(os.path.dirname(nib.__file__), 'tests', 'data')
out_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'io_expectations.json')
FLIP = np.diag([-1.0, -1.0, 1.0])


def geometry_from_ras_affine(a):
    m = FLIP @ a[:3, :3]
    spacing = np.linalg.norm(m, axis=0)
    direction = m / spacing
    return {'spacing': spacing.tolist(), 'origin': (FLIP @ a[:3, 3]).tolist(), 'direction': direction.reshape(-1).tolist()}


def samples_of(arr, n=6):
    """A few (i, j, k, c, value) tuples at fixed positions, including the first and last voxel and the maximum."""
    a = arr if arr.ndim == 4 else arr.reshape(arr.shape + (1,) * (4 - arr.ndim))
    picks = [(0, 0, 0, 0), tuple(s - 1 for s in a.shape), tuple(s // 2 for s in a.shape), tuple(s // 3 for s in a.shape)]
    picks.append(tuple(int(x) for x in np.unravel_index(np.argmax(a), a.shape)))
    picks.append(tuple((2 * s) // 3 for s in a.shape))
    return [[int(p[0]), int(p[1]), int(p[2]), int(p[3]), float(a[p])] for p in picks[:n]]


def stats(arr):
    a = arr.astype(np.float64)
    return {'sum': float(a.sum()), 'min': float(a.min()), 'max': float(a.max()), 'mean': float(a.mean())}


def nifti_entry(root, rel):
    path = os.path.join(data_root if root == 'data' else nib_root, rel)
    img = nib.load(path)
    h = img.header
    data = np.asarray(img.dataobj).astype(np.float32) if h['scl_slope'] in (0,) or not np.isfinite(h['scl_slope']) else img.get_fdata(dtype=np.float32)
    shape = data.shape
    comps = int(np.prod(shape[3:])) if len(shape) > 3 else 1
    data4 = data.reshape(shape[:3] + (comps,), order='F') if len(shape) > 3 else data
    e = {'root': root, 'file': rel, 'version': 2 if isinstance(img, nib.Nifti2Image) else 1,
         'size': [int(s) for s in (list(shape[:3]) + [1, 1, 1])[:3]], 'components': comps,
         'dtype': str(h.get_data_dtype().newbyteorder('=')), 'bigEndian': h.endianness == '>',
         'sformCode': int(h['sform_code']), 'qformCode': int(h['qform_code'])}
    e.update(geometry_from_ras_affine(img.affine))
    e.update(stats(data))
    e['samples'] = samples_of(data4)
    return e


def nrrd_header(path):
    with open(path, 'rb') as f:
        raw = f.read()
    end = raw.find(b'\n\n')
    text = raw[:end if end >= 0 else len(raw)].decode('latin-1')
    fields = {}
    for line in text.split('\n')[1:]:
        if line.startswith('#') or ':=' in line or ': ' not in line:
            continue
        k, v = line.split(': ', 1)
        fields[k.strip()] = v.strip()
    return fields, raw, (end + 2 if end >= 0 else len(raw))


def nrrd_geometry(fields):
    sizes = [int(s) for s in fields['sizes'].split()]
    flip = {'right-anterior-superior': [-1, -1, 1], 'left-posterior-superior': [1, 1, 1]}.get(fields.get('space', 'left-posterior-superior'), [1, 1, 1])
    if 'space directions' in fields:
        vecs = re.findall(r'\(([^)]*)\)|none', fields['space directions'])
        tokens = fields['space directions'].split()
        dirs = []
        for t in tokens:
            dirs.append(None if t == 'none' else np.array([float(x) for x in t.strip('()').split(',')]) * flip)
        spatial = [a for a, d in enumerate(dirs) if d is not None]
        cols = [dirs[a] for a in spatial]
        origin = np.array([float(x) for x in fields['space origin'].strip('()').split(',')]) * flip if 'space origin' in fields else np.zeros(3)
    else:
        spatial = list(range(len(sizes)))
        sp = [float(s) for s in fields['spacings'].split()] if 'spacings' in fields else [1.0] * len(sizes)
        cols = [np.eye(3)[a] * sp[a] for a in spatial]
        origin = np.zeros(3)
    while len(cols) < 3:
        cols.append(np.eye(3)[len(cols)])
    m = np.stack(cols, axis=1)
    spacing = np.linalg.norm(m, axis=0)
    size = [sizes[a] for a in spatial] + [1] * (3 - len(spatial))
    comps = int(np.prod([sizes[a] for a in range(len(sizes)) if a not in spatial])) if len(spatial) < len(sizes) else 1
    return {'size': size, 'components': comps, 'spacing': spacing.tolist(), 'origin': origin.tolist(),
            'direction': (m / spacing).reshape(-1).tolist()}, sizes, spatial


NP_TYPES = {'short': '<i2', 'int16': '<i2', 'double': '<f8', 'unsigned char': 'u1', 'unsigned short': '<u2', 'uchar': 'u1', 'float': '<f4'}


def nrrd_entry(rel, data_bytes_fn):
    path = os.path.join(data_root, rel)
    fields, raw, start = nrrd_header(path)
    geo, sizes, spatial = nrrd_geometry(fields)
    dt = np.dtype(NP_TYPES[fields['type']])
    flat = data_bytes_fn(fields, raw, start, dt, int(np.prod(sizes)))
    arr = flat.reshape(sizes[::-1]).transpose()  # axis 0 fastest in the file
    # component-fastest: move non-spatial axes first, then view as (c, i, j, k)
    order = [a for a in range(len(sizes)) if a not in spatial] + spatial
    arr = np.transpose(arr, order)
    ncomp = geo['components']
    arr4 = arr.reshape((ncomp,) + tuple(geo['size']), order='F') if ncomp > 1 else arr.reshape(tuple(geo['size']), order='F')
    data4 = np.moveaxis(arr4, 0, -1) if ncomp > 1 else arr4
    e = {'file': rel}
    e.update(geo)
    e.update(stats(data4.astype(np.float32)))
    e['samples'] = samples_of(data4.astype(np.float32))
    return e


def ball_raw(fields, raw, start, dt, n):
    return np.fromfile(os.path.join(data_root, 'pynrrd/nrrd/tests/data/BallBinary30x30x30.raw'), dtype=dt, count=n)


def attached(kind):
    def f(fields, raw, start, dt, n):
        body = raw[start:]
        if kind == 'gzip':
            body = gzip.decompress(body)
        elif kind == 'bz2':
            body = bz2.decompress(body)
        elif kind == 'ascii':
            return np.array([float(x) for x in body.split()][:n], dtype=np.float64).astype(dt)
        return np.frombuffer(body[len(body) - n * dt.itemsize:] if kind == 'tail' else body[:n * dt.itemsize], dtype=dt)
    return f


def detached_gz(name):
    def f(fields, raw, start, dt, n):
        return np.frombuffer(gzip.decompress(open(os.path.join(data_root, name), 'rb').read()), dtype=dt)[:n]
    return f


def lineskip_gz(fields, raw, start, dt, n):
    body = raw[start:]
    for _ in range(int(fields.get('line skip', 0))):
        body = body[body.index(b'\n') + 1:]
    return np.frombuffer(gzip.decompress(body), dtype=dt)[:n]


def mouse_landmarks(case):
    vol = nib.load(os.path.join(data_root, f'mouse-ct-atlas/volumes/{case}.nii.gz'))
    doc = json.load(open(os.path.join(data_root, f'mouse-ct-atlas/landmarks/{case}.mrk.json')))
    inv = np.linalg.inv(vol.affine)
    data = np.asarray(vol.dataobj)
    pts = []
    for cp in doc['markups'][0]['controlPoints']:
        lps = np.array(cp['position'], dtype=float)
        if doc['markups'][0].get('coordinateSystem', 'LPS') == 'RAS':
            lps = FLIP @ lps
        ijk = (inv @ np.append(FLIP @ lps, 1.0))[:3]
        r = np.rint(ijk).astype(int)
        inside = bool(np.all(ijk >= -0.5) and np.all(ijk < np.array(data.shape) - 0.5))
        pts.append({'label': str(cp['label']), 'lps': lps.tolist(), 'index': ijk.tolist(), 'defined': cp.get('positionStatus', 'defined') == 'defined',
                    'inside': inside, 'value': float(data[tuple(r)]) if inside else None})
    return {'case': case, 'background_mean': float(data.mean()), 'points': pts}


def fcsv_points(rel, default_ras=True):
    ras = default_ras
    cols = None
    pts = []
    for line in open(os.path.join(data_root, rel)):
        line = line.rstrip('\n')
        if line.startswith('# CoordinateSystem'):
            v = line.split('=')[1].strip()
            ras = v in ('0', 'RAS')
        elif line.startswith('# columns'):
            cols = [c.strip() for c in line.split('=')[1].split(',')]
        elif line and not line.startswith('#'):
            f = line.split(',')
            p = np.array([float(f[cols.index(c)]) for c in 'xyz'])
            pts.append({'label': f[cols.index('label')], 'lps': (FLIP @ p if ras else p).tolist()})
    return {'file': rel, 'count': len(pts), 'points': pts}


def main():
    out = {'generator': 'generate_io_expectations.py', 'nibabel': nib.__version__, 'numpy': np.__version__, 'python': sys.version.split()[0]}
    mouse = sorted(os.path.basename(p)[:-7] for p in glob.glob(os.path.join(data_root, 'mouse-ct-atlas/volumes/*.nii.gz')))
    nifti = [('data', f'mouse-ct-atlas/volumes/{c}.nii.gz') for c in mouse[:3]]
    nifti += [('data', 'mouse-ct-atlas/templates/low_res_skull_only.nii.gz'), ('data', 'mouse-ct-atlas/templates/low_res_template_UCHAR.nii.gz')]
    nifti += [('data', f'totalsegmentator-ct/{n}') for n in ('example_ct.nii.gz', 'example_ct_sm.nii.gz', 'example_seg.nii.gz', 'example_seg_dicom.nii.gz')]
    nifti += [('data', 'pynrrd/nrrd/tests/data/BallBinary30x30x30.nii.gz')]
    out['nifti'] = [nifti_entry(r, f) for r, f in nifti]
    nib_files = ['anatomical.nii', 'functional.nii', 'example4d.nii.gz', 'example_nifti2.nii.gz', 'standard.nii.gz', 'reoriented_anat_moved.nii']
    out['nibabelNifti'] = [nifti_entry('nibabel', f) for f in nib_files if os.path.exists(os.path.join(nib_root, f))]

    p = 'pynrrd/nrrd/tests/data/'
    out['nrrd'] = [
        nrrd_entry(p + 'BallBinary30x30x30.nrrd', attached('raw')),
        nrrd_entry(p + 'BallBinary30x30x30.nhdr', ball_raw),
        nrrd_entry(p + 'BallBinary30x30x30_byteskip_minus_one.nhdr', ball_raw),
        nrrd_entry(p + 'BallBinary30x30x30_gz.nrrd', attached('gzip')),
        nrrd_entry(p + 'BallBinary30x30x30_bz2.nrrd', attached('bz2')),
        nrrd_entry(p + 'BallBinary30x30x30_gz_lineskip.nrrd', lineskip_gz),
        nrrd_entry(p + 'BallBinary30x30x30_gz_byteskip_minus_one.nrrd', lambda f, r, s, dt, n: np.frombuffer(gzip.decompress(r[s:]), dtype=dt)[-n:]),
        nrrd_entry(p + 'BallBinary30x30x30_byteskip_minus_one_nifti.nhdr', lambda f, r, s, dt, n: np.frombuffer(gzip.decompress(open(os.path.join(data_root, p + 'BallBinary30x30x30.nii.gz'), 'rb').read()), dtype=dt)[-n:]),
        nrrd_entry(p + 'test1d_ascii.nrrd', attached('ascii')),
        nrrd_entry(p + 'test2d_ascii.nrrd', attached('ascii')),
        nrrd_entry(p + 'test_simple4d_raw.nrrd', attached('raw')),
        nrrd_entry('slicer/multishell-DWI-451dir.nhdr', detached_gz('slicer/multishell-DWI-451dir.raw.gz')),
        nrrd_entry('slicer/deform2x2x2_ras.nrrd', attached('raw')),
        nrrd_entry('mouse-ct-atlas/templates/35_mic_23strain_mus_template_UCHAR.seg.nrrd', attached('gzip')),
    ]
    out['mouseLandmarks'] = [mouse_landmarks(c) for c in mouse[:4] + ['C57L_J_']]
    out['fcsv'] = [fcsv_points('slicer/L1.fcsv'), fcsv_points('slicer/slicer3.fcsv'), fcsv_points('mouse-ct-atlas/templates/Skull_LMs.fcsv')]
    with open(out_path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote', out_path)


if __name__ == '__main__':
    main()
