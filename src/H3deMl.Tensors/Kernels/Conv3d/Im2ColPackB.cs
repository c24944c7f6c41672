using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;

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
}

/// <summary>
/// Runs of columns of B that lie in one output row and one destination panel, computed once per block and replayed for
/// every row kk: (z·sz, y·sy, x·sx, length, destination offset).
/// </summary>
internal static unsafe class ConvSegments
{
    internal const int Fields = 5;

    /// <summary>
    /// Splits columns [j0, j0 + count) into runs; column j goes to dst offset (j − j0) / panel · panelStride + (j − j0) % panel.
    /// Returns the number of runs written to <paramref name="seg"/> (room for count + count / panel + 1 runs).
    /// </summary>
    internal static int Build(in ConvSource s, int j0, int count, int panel, long panelStride, int* seg) =>
        Build(s.GY, s.GX, s.SZ, s.SY, s.SX, j0, count, panel, panelStride, seg);

    /// <summary><see cref="Build(in ConvSource, int, int, int, long, int*)"/> for an output grid of rows gx wide, gy rows a plane, strides sz, sy, sx.</summary>
    internal static int Build(int gy, int gx, int sz, int sy, int sx, int j0, int count, int panel, long panelStride, int* seg)
    {
        var x = j0 % gx;
        var rest = j0 / gx;
        var y = rest % gy;
        var z = rest / gy;
        var n = 0;
        var j = 0;
        while (j < count)
        {
            var inPanel = panel - j % panel;
            var len = Math.Min(Math.Min(count - j, gx - x), inPanel);
            var e = seg + n * Fields;
            e[0] = z * sz;
            e[1] = y * sy;
            e[2] = x * sx;
            e[3] = len;
            e[4] = (int)(j / panel * panelStride + j % panel);
            n++;
            j += len;
            x += len;
            if (x == gx)
            {
                x = 0;
                if (++y == gy)
                {
                    y = 0;
                    z++;
                }
            }
        }
        return n;
    }

    /// <summary>The segment table's size in ints for a block of <paramref name="count"/> columns.</summary>
    internal static long Capacity(int count, int panel) => (long)(count + count / Math.Max(panel, 1) + 2) * Fields;

    /// <summary>Writes rows [k0, k0 + rows) of B over the segments: row r at dst + r·rowStride + segment offset.</summary>
    internal static void Fill(in ConvSource s, int k0, int rows, int* seg, int nseg, float* dst, long rowStride)
    {
        var taps = s.Taps;
        var tcount = taps.Count;
        var c = k0 / tcount;
        var t = k0 - c * tcount;
        long plane = (long)s.D * s.H * s.W;
        int d = s.D, h = s.H, w = s.W, sx = s.SX;
        for (var r = 0; r < rows; r++)
        {
            int tz = taps.Z[t], ty = taps.Y[t], tx = taps.X[t];
            var chan = s.Src + c * plane;
            var drow = dst + r * rowStride;
            for (var i = 0; i < nseg; i++)
            {
                var e = seg + i * Fields;
                var len = e[3];
                var o = drow + e[4];
                var iz = e[0] + tz;
                var iy = e[1] + ty;
                if ((uint)iz >= (uint)d || (uint)iy >= (uint)h)
                {
                    Zero(o, len);
                    continue;
                }
                var row = chan + ((long)iz * h + iy) * w;
                var ix0 = e[2] + tx;
                if (sx == 1)
                {
                    if (ix0 >= 0 && ix0 + len <= w)
                    {
                        Copy(o, row + ix0, len);
                        continue;
                    }
                    var lo = Math.Clamp(-ix0, 0, len);
                    var hi = Math.Clamp(w - ix0, lo, len);
                    for (var q = 0; q < lo; q++) o[q] = 0f;
                    Copy(o + lo, row + ix0 + lo, hi - lo);
                    for (var q = hi; q < len; q++) o[q] = 0f;
                }
                else
                {
                    for (var q = 0; q < len; q++)
                    {
                        var ix = ix0 + q * sx;
                        o[q] = (uint)ix < (uint)w ? row[ix] : 0f;
                    }
                }
            }
            if (++t == tcount)
            {
                t = 0;
                c++;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Copy(float* dst, float* src, int n)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) Vector512.Store(Vector512.Load(src + i), dst + i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= n; i += 8) Vector256.Store(Vector256.Load(src + i), dst + i);
        for (; i < n; i++) dst[i] = src[i];
    }

    /// <summary>Zeroes the columns past <paramref name="nc"/> in the last of the ⌈nc/nr⌉ packed panels (kc rows of nr).</summary>
    internal static void ZeroPanelTail(float* dst, int kc, int nc, int nr)
    {
        var tail = nc % nr;
        if (tail == 0) return;
        var last = dst + (long)(nc / nr) * kc * nr;
        for (var p = 0; p < kc; p++)
            for (var j = tail; j < nr; j++) last[p * nr + j] = 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Zero(float* dst, int n)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) Vector512.Store(Vector512<float>.Zero, dst + i);
        for (; i < n; i++) dst[i] = 0f;
    }
}

/// <summary>Packs B of an implicit-GEMM convolution straight from the source volume (the im2col matrix is never built).</summary>
internal readonly unsafe struct Im2ColPackB(ConvSource source) : IPackB
{
    public void Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        var seg = (int*)ScratchBuffers.Get(4, ConvSegments.Capacity(nc, nr));
        var nseg = ConvSegments.Build(source, j0, nc, nr, (long)kc * nr, seg);
        // Row p of panel q sits at q·kc·nr + p·nr: row stride nr within each panel.
        ConvSegments.Fill(source, p0, kc, seg, nseg, dst, nr);
        ConvSegments.ZeroPanelTail(dst, kc, nc, nr);
    }
}

/// <summary>
/// Packs Bᵀ of the weight-gradient GEMM dW = dY·Colᵀ: GEMM rows p are output positions and columns are im2col rows kk.
/// Each panel's im2col rows are materialised contiguously for the positions of the block, then transposed into the
/// panel.
/// </summary>
internal readonly unsafe struct Im2ColTransposedPackB(ConvSource source) : IPackB
{
    public void Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        var seg = (int*)ScratchBuffers.Get(4, ConvSegments.Capacity(kc, int.MaxValue));
        var tmp = ScratchBuffers.Get(5, (long)nr * kc);
        var nseg = ConvSegments.Build(source, p0, kc, int.MaxValue, 0, seg);
        for (var r = 0; r < nc; r += nr)
        {
            var valid = Math.Min(nr, nc - r);
            ConvSegments.Fill(source, j0 + r, valid, seg, nseg, tmp, kc);
            var d = dst + (long)r * kc;
            for (var j = 0; j < valid; j++)
            {
                var src = tmp + (long)j * kc;
                for (var p = 0; p < kc; p++) d[p * nr + j] = src[p];
            }
            for (var j = valid; j < nr; j++)
                for (var p = 0; p < kc; p++) d[p * nr + j] = 0f;
        }
    }
}
