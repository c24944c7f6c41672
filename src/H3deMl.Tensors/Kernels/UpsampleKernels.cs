using System.Runtime.Intrinsics;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels;

/// <summary>
/// Trilinear resampling with align_corners = false (PyTorch's convention): output index o maps to the source
/// coordinate max(0, (o + ½)·in/out − ½), interpolating between floor and the next index (clamped to the last).
/// </summary>
internal static class UpsampleKernels
{
    internal readonly record struct AxisTable(int[] I0, int[] I1, float[] L0, float[] L1);

    internal static AxisTable Table(int inSize, int outSize)
    {
        var i0 = new int[outSize];
        var i1 = new int[outSize];
        var l0 = new float[outSize];
        var l1 = new float[outSize];
        var scale = (float)inSize / outSize;
        for (var o = 0; o < outSize; o++)
        {
            var src = MathF.Max(scale * (o + 0.5f) - 0.5f, 0f);
            var lo = Math.Min((int)src, inSize - 1);
            var lambda = src - lo;
            i0[o] = lo;
            i1[o] = lo < inSize - 1 ? lo + 1 : lo;
            l1[o] = lambda;
            l0[o] = 1f - lambda;
        }
        return new AxisTable(i0, i1, l0, l1);
    }

    internal static void Forward(float[] x, int xo, float[] y, int planes, int d, int h, int w, int od, int oh, int ow)
    {
        var tz = Table(d, od);
        var ty = Table(h, oh);
        var tx = Table(w, ow);
        ParallelRange.For(planes, 1, new ForwardPlanes(x, xo, y, d, h, w, od, oh, ow, tz, ty, tx));
    }

    internal static void Backward(float[] g, int go, float[] dx, int planes, int d, int h, int w, int od, int oh, int ow)
    {
        var tz = Table(d, od);
        var ty = Table(h, oh);
        var tx = Table(w, ow);
        ParallelRange.For(planes, 1, new BackwardPlanes(g, go, dx, d, h, w, od, oh, ow, tz, ty, tx));
    }

    /// <summary>
    /// Per plane: first every source row interpolated along x (r = lx0·a + lx1·b), then each output row as
    /// lz0·(ly0·r00 + ly1·r01) + lz1·(ly0·r10 + ly1·r11) with vector arithmetic — per element the same operations in the
    /// same order as the direct formula, so the results do not depend on the vector width.
    /// </summary>
    private readonly struct ForwardPlanes(float[] x, int xo, float[] y, int d, int h, int w, int od, int oh, int ow,
        AxisTable tz, AxisTable ty, AxisTable tx) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var rows = new float[d * h * ow];
            for (var plane = start; plane < end; plane++)
            {
                var src = xo + plane * d * h * w;
                for (var r = 0; r < d * h; r++)
                {
                    var srow = src + r * w;
                    var drow = r * ow;
                    for (var ox = 0; ox < ow; ox++)
                        rows[drow + ox] = tx.L0[ox] * x[srow + tx.I0[ox]] + tx.L1[ox] * x[srow + tx.I1[ox]];
                }
                var dst = plane * od * oh * ow;
                for (var oz = 0; oz < od; oz++)
                {
                    int z0 = tz.I0[oz] * h, z1 = tz.I1[oz] * h;
                    float lz0 = tz.L0[oz], lz1 = tz.L1[oz];
                    for (var oy = 0; oy < oh; oy++)
                    {
                        int y0 = ty.I0[oy], y1 = ty.I1[oy];
                        float ly0 = ty.L0[oy], ly1 = ty.L1[oy];
                        Combine(rows.AsSpan((z0 + y0) * ow, ow), rows.AsSpan((z0 + y1) * ow, ow),
                            rows.AsSpan((z1 + y0) * ow, ow), rows.AsSpan((z1 + y1) * ow, ow),
                            lz0, lz1, ly0, ly1, y.AsSpan(dst + (oz * oh + oy) * ow, ow));
                    }
                }
            }
        }

        private static void Combine(ReadOnlySpan<float> r00, ReadOnlySpan<float> r01, ReadOnlySpan<float> r10, ReadOnlySpan<float> r11,
            float lz0, float lz1, float ly0, float ly1, Span<float> o)
        {
            var i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> vz0 = Vector512.Create(lz0), vz1 = Vector512.Create(lz1), vy0 = Vector512.Create(ly0), vy1 = Vector512.Create(ly1);
                for (; i + 16 <= o.Length; i += 16)
                    (vz0 * (vy0 * Vector512.Create(r00.Slice(i, 16)) + vy1 * Vector512.Create(r01.Slice(i, 16)))
                        + vz1 * (vy0 * Vector512.Create(r10.Slice(i, 16)) + vy1 * Vector512.Create(r11.Slice(i, 16)))).CopyTo(o.Slice(i, 16));
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> vz0 = Vector256.Create(lz0), vz1 = Vector256.Create(lz1), vy0 = Vector256.Create(ly0), vy1 = Vector256.Create(ly1);
                for (; i + 8 <= o.Length; i += 8)
                    (vz0 * (vy0 * Vector256.Create(r00.Slice(i, 8)) + vy1 * Vector256.Create(r01.Slice(i, 8)))
                        + vz1 * (vy0 * Vector256.Create(r10.Slice(i, 8)) + vy1 * Vector256.Create(r11.Slice(i, 8)))).CopyTo(o.Slice(i, 8));
            }
            for (; i < o.Length; i++)
                o[i] = lz0 * (ly0 * r00[i] + ly1 * r01[i]) + lz1 * (ly0 * r10[i] + ly1 * r11[i]);
        }
    }

    private readonly struct BackwardPlanes(float[] g, int go, float[] dx, int d, int h, int w, int od, int oh, int ow,
        AxisTable tz, AxisTable ty, AxisTable tx) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var plane = start; plane < end; plane++)
            {
                var dst = plane * d * h * w;
                Array.Clear(dx, dst, d * h * w);
                var src = go + plane * od * oh * ow;
                for (var oz = 0; oz < od; oz++)
                {
                    var z0 = dst + tz.I0[oz] * h * w;
                    var z1 = dst + tz.I1[oz] * h * w;
                    float lz0 = tz.L0[oz], lz1 = tz.L1[oz];
                    for (var oy = 0; oy < oh; oy++)
                    {
                        int y0 = ty.I0[oy] * w, y1 = ty.I1[oy] * w;
                        float ly0 = ty.L0[oy], ly1 = ty.L1[oy];
                        var row = src + (oz * oh + oy) * ow;
                        for (var ox = 0; ox < ow; ox++)
                        {
                            int x0 = tx.I0[ox], x1 = tx.I1[ox];
                            float lx0 = tx.L0[ox], lx1 = tx.L1[ox];
                            var v = g[row + ox];
                            var a = lz0 * v;
                            var b = lz1 * v;
                            dx[z0 + y0 + x0] += a * ly0 * lx0;
                            dx[z0 + y0 + x1] += a * ly0 * lx1;
                            dx[z0 + y1 + x0] += a * ly1 * lx0;
                            dx[z0 + y1 + x1] += a * ly1 * lx1;
                            dx[z1 + y0 + x0] += b * ly0 * lx0;
                            dx[z1 + y0 + x1] += b * ly0 * lx1;
                            dx[z1 + y1 + x0] += b * ly1 * lx0;
                            dx[z1 + y1 + x1] += b * ly1 * lx1;
                        }
                    }
                }
            }
        }
    }
}
