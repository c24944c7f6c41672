#!/usr/bin/python3
"""Checks, offline, that nibabel reads H3deMl's uint8 and int16 NIfTI output with the right dtype and values.

The fixtures uint8.nii and int16.nii are written by H3deMl's NiftiWriter (NibabelFixtureTests, which also asserts the
writer still produces these exact bytes; regenerate them with H3DEML_WRITE_FIXTURES=1). Run:

    /usr/bin/python3 check_with_nibabel.py > nibabel_expectations.txt

(needs Debian's python3-nibabel). The tests never run Python; the printed output is committed as the record.
"""
import os
import sys

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def expected(kind):
    # The same values NibabelFixtureTests.Make builds: voxel n in i-fastest order, 4x3x2.
    n = np.arange(24)
    if kind == 'uint8':
        v = (n * 11) % 256
        v[23] = 255
    else:
        v = n * 1500 - 17000
        v[0] = -32768
        v[23] = 32767
    return v.reshape((4, 3, 2), order='F')


def main():
    ok = True
    print(f'nibabel {nib.__version__}, numpy {np.__version__}')
    for kind in ('uint8', 'int16'):
        img = nib.load(os.path.join(HERE, kind + '.nii'))
        hdr = img.header
        with open(os.path.join(HERE, kind + '.nii'), 'rb') as f:
            raw_hdr = nib.Nifti1Header.from_fileobj(f)  # the fields as stored (load() resets scl_* to nan)
        slope, inter = hdr.get_slope_inter()
        raw = np.asanyarray(img.dataobj)
        data = img.get_fdata()
        same = np.array_equal(raw, expected(kind)) and np.array_equal(data, expected(kind).astype(np.float64))
        ok &= (raw.dtype == np.dtype(kind)) and (hdr.get_data_dtype() == np.dtype(kind)) and same
        print(f'{kind}.nii: datatype {int(hdr["datatype"])}, bitpix {int(hdr["bitpix"])}, '
              f'header dtype {hdr.get_data_dtype()}, dataobj dtype {raw.dtype}, shape {raw.shape}, '
              f'scl_slope/scl_inter {float(raw_hdr["scl_slope"])}/{float(raw_hdr["scl_inter"])} '
              f'(nibabel: {slope}/{inter}, i.e. no scaling), min {raw.min()}, max {raw.max()}, '
              f'zooms {tuple(float(z) for z in hdr.get_zooms())}, '
              f'affine origin {tuple(float(x) for x in img.affine[:3, 3])}, values as expected: {same}')
    print('OK' if ok else 'MISMATCH')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
