using H3deMl.Core.Geometry;

namespace H3deMl.Transforms.Spatial;

/// <summary>Trilinear interpolation in a scalar [i, j, k] (i fastest) voxel array, with a padding value outside.</summary>
internal readonly struct TrilinearSampler
{
    private readonly float[] _voxels;
    private readonly int _sizeI, _sizeJ, _sizeK;
    private readonly float _padding;

    public TrilinearSampler(float[] voxels, VolumeSize size, float padding)
    {
        _voxels = voxels;
        (_sizeI, _sizeJ, _sizeK) = (size.I, size.J, size.K);
        _padding = padding;
    }

    public float Sample(double x, double y, double z)
    {
        if (!(x > -1 && y > -1 && z > -1 && x < _sizeI && y < _sizeJ && z < _sizeK))
        {
            return _padding;
        }

        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y), z0 = (int)Math.Floor(z);
        float fx = (float)(x - x0), fy = (float)(y - y0), fz = (float)(z - z0);
        if (x0 >= 0 && y0 >= 0 && z0 >= 0 && x0 + 1 < _sizeI && y0 + 1 < _sizeJ && z0 + 1 < _sizeK)
        {
            int strideJ = _sizeI, strideK = _sizeI * _sizeJ;
            int p = x0 + (strideJ * y0) + (strideK * z0);
            float[] v = _voxels;
            float c00 = v[p] + (fx * (v[p + 1] - v[p]));
            float c10 = v[p + strideJ] + (fx * (v[p + strideJ + 1] - v[p + strideJ]));
            float c01 = v[p + strideK] + (fx * (v[p + strideK + 1] - v[p + strideK]));
            float c11 = v[p + strideJ + strideK] + (fx * (v[p + strideJ + strideK + 1] - v[p + strideJ + strideK]));
            float c0 = c00 + (fy * (c10 - c00));
            float c1 = c01 + (fy * (c11 - c01));
            return c0 + (fz * (c1 - c0));
        }

        float a00 = Lerp(At(x0, y0, z0), At(x0 + 1, y0, z0), fx);
        float a10 = Lerp(At(x0, y0 + 1, z0), At(x0 + 1, y0 + 1, z0), fx);
        float a01 = Lerp(At(x0, y0, z0 + 1), At(x0 + 1, y0, z0 + 1), fx);
        float a11 = Lerp(At(x0, y0 + 1, z0 + 1), At(x0 + 1, y0 + 1, z0 + 1), fx);
        return Lerp(Lerp(a00, a10, fy), Lerp(a01, a11, fy), fz);
    }

    private static float Lerp(float a, float b, float t) => a + (t * (b - a));

    private float At(int i, int j, int k) =>
        (uint)i < (uint)_sizeI && (uint)j < (uint)_sizeJ && (uint)k < (uint)_sizeK
            ? _voxels[i + (_sizeI * (j + (_sizeJ * k)))]
            : _padding;
}
