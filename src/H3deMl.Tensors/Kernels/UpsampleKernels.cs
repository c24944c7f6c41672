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
        ParallelRange.For(planes * od, 4, new ForwardSlices(x, xo, y, d, h, w, od, oh, ow, tz, ty, tx));
    }

    internal static void Backward(float[] g, int go, float[] dx, int planes, int d, int h, int w, int od, int oh, int ow)
    {
        var tz = Table(d, od);
        var ty = Table(h, oh);
        var tx = Table(w, ow);
        ParallelRange.For(planes, 1, new BackwardPlanes(g, go, dx, d, h, w, od, oh, ow, tz, ty, tx));
    }

    private readonly struct ForwardSlices(float[] x, int xo, float[] y, int d, int h, int w, int od, int oh, int ow,
        AxisTable tz, AxisTable ty, AxisTable tx) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var s = start; s < end; s++)
            {
                var plane = s / od;
                var oz = s % od;
                var src = xo + plane * d * h * w;
                var z0 = src + tz.I0[oz] * h * w;
                var z1 = src + tz.I1[oz] * h * w;
                float lz0 = tz.L0[oz], lz1 = tz.L1[oz];
                var dst = (plane * od + oz) * oh * ow;
                for (var oy = 0; oy < oh; oy++)
                {
                    int y0 = ty.I0[oy] * w, y1 = ty.I1[oy] * w;
                    float ly0 = ty.L0[oy], ly1 = ty.L1[oy];
                    var row = dst + oy * ow;
                    for (var ox = 0; ox < ow; ox++)
                    {
                        int x0 = tx.I0[ox], x1 = tx.I1[ox];
                        float lx0 = tx.L0[ox], lx1 = tx.L1[ox];
                        y[row + ox] =
                            lz0 * (ly0 * (lx0 * x[z0 + y0 + x0] + lx1 * x[z0 + y0 + x1]) + ly1 * (lx0 * x[z0 + y1 + x0] + lx1 * x[z0 + y1 + x1])) +
                            lz1 * (ly0 * (lx0 * x[z1 + y0 + x0] + lx1 * x[z1 + y0 + x1]) + ly1 * (lx0 * x[z1 + y1 + x0] + lx1 * x[z1 + y1 + x1]));
                    }
                }
            }
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
