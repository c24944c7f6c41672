using System.Runtime.CompilerServices;
using H3deMl.Tensors.Kernels.GemmImpl;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The taps of a convolution as seen by one GEMM: tap t reads source voxel (g·s + o) on each axis for output grid
/// position g, with per-axis offsets o (may be negative) and a shared stride s; out-of-range voxels read as zero.
/// </summary>
internal sealed class TapSet
{
    internal readonly int[] Z, Y, X;
    internal int Count => Z.Length;

    internal TapSet(int[] z, int[] y, int[] x)
    {
        Z = z;
        Y = y;
        X = x;
    }

    /// <summary>The forward taps k − p for every (kd, kh, kw), in weight order.</summary>
    internal static TapSet Forward(in Conv3dGeometry g)
    {
        var n = g.KernelVolume;
        int[] z = new int[n], y = new int[n], x = new int[n];
        var t = 0;
        for (var kd = 0; kd < g.KD; kd++)
        for (var kh = 0; kh < g.KH; kh++)
        for (var kw = 0; kw < g.KW; kw++, t++)
        {
            z[t] = kd - g.PD;
            y[t] = kh - g.PH;
            x[t] = kw - g.PW;
        }
        return new TapSet(z, y, x);
    }
}

/// <summary>
/// Source volume and output grid of an implicit-GEMM convolution: B[(c, t), j] = src[c, gz·sz + tz, gy·sy + ty, gx·sx + tx]
/// where j = (gz·GY + gy)·GX + gx walks the output grid.
/// </summary>
internal readonly unsafe struct ConvSource(float* src, int channels, int d, int h, int w,
    int gz, int gy, int gx, int sz, int sy, int sx, TapSet taps)
{
    internal readonly float* Src = src;
    internal readonly int Channels = channels, D = d, H = h, W = w;
    internal readonly int GZ = gz, GY = gy, GX = gx, SZ = sz, SY = sy, SX = sx;
    internal readonly TapSet Taps = taps;

    internal int Rows => Channels * Taps.Count;
    internal int Columns => GZ * GY * GX;

    /// <summary>Writes B[kk, j .. j + len) for a run inside one output row (gz, gy) starting at gx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Run(int c, int t, int z, int y, int x, int len, float* dst)
    {
        var iz = z * SZ + Taps.Z[t];
        var iy = y * SY + Taps.Y[t];
        if ((uint)iz >= (uint)D || (uint)iy >= (uint)H)
        {
            new Span<float>(dst, len).Clear();
            return;
        }
        var row = Src + (((long)c * D + iz) * H + iy) * W;
        var ix0 = x * SX + Taps.X[t];
        if (SX == 1)
        {
            var lo = Math.Clamp(-ix0, 0, len);
            var hi = Math.Clamp(W - ix0, lo, len);
            for (var i = 0; i < lo; i++) dst[i] = 0f;
            if (hi > lo) Unsafe.CopyBlockUnaligned(dst + lo, row + ix0 + lo, (uint)(hi - lo) * sizeof(float));
            for (var i = hi; i < len; i++) dst[i] = 0f;
        }
        else
        {
            for (var i = 0; i < len; i++)
            {
                var ix = ix0 + i * SX;
                dst[i] = (uint)ix < (uint)W ? row[ix] : 0f;
            }
        }
    }

    /// <summary>Writes the contiguous columns [j0, j0 + count) of row kk.</summary>
    internal void Row(int kk, int j0, int count, float* dst)
    {
        var taps = Taps.Count;
        var c = kk / taps;
        var t = kk - c * taps;
        var x = j0 % GX;
        var rest = j0 / GX;
        var y = rest % GY;
        var z = rest / GY;
        var j = 0;
        while (j < count)
        {
            var len = Math.Min(count - j, GX - x);
            Run(c, t, z, y, x, len, dst + j);
            j += len;
            x = 0;
            if (++y == GY)
            {
                y = 0;
                z++;
            }
        }
    }
}

/// <summary>Packs B of an implicit-GEMM convolution straight from the source volume (the im2col matrix is never built).</summary>
internal readonly unsafe struct Im2ColPackB(ConvSource source) : IPackB
{
    public void Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        for (var r = 0; r < nc; r += nr)
        {
            var valid = Math.Min(nr, nc - r);
            var d = dst + (long)r * kc;
            for (var p = 0; p < kc; p++)
            {
                var dp = d + p * nr;
                source.Row(p0 + p, j0 + r, valid, dp);
                for (var j = valid; j < nr; j++) dp[j] = 0f;
            }
        }
    }
}
