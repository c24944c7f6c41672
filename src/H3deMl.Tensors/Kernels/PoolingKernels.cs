using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels;

/// <summary>3D average pooling (cubic kernel, same stride and padding on every axis, floor mode) on NCDHW buffers.</summary>
internal static class PoolingKernels
{
    internal static int OutputSize(int n, int k, int s, int p) => (n + 2 * p - k) / s + 1;

    internal static void AvgPoolForward(float[] x, int xo, float[] y, int planes, int d, int h, int w, int k, int s, int p, bool countIncludePad) =>
        ParallelRange.For(planes, 1, new Forward(x, xo, y, d, h, w, k, s, p, countIncludePad));

    /// <summary>Gather form: each input voxel sums the gradients of the windows that cover it, so every dx element has one writer.</summary>
    internal static void AvgPoolBackward(float[] g, int go, float[] dx, int planes, int d, int h, int w, int k, int s, int p, bool countIncludePad) =>
        ParallelRange.For(planes, 1, new Backward(g, go, dx, d, h, w, k, s, p, countIncludePad));

    private static int Divisor(int oz, int oy, int ox, int d, int h, int w, int k, int s, int p, bool countIncludePad)
    {
        if (countIncludePad) return k * k * k;
        static int Count(int o, int n, int k, int s, int p) => Math.Min(o * s - p + k, n) - Math.Max(o * s - p, 0);
        return Count(oz, d, k, s, p) * Count(oy, h, k, s, p) * Count(ox, w, k, s, p);
    }

    private readonly struct Forward(float[] x, int xo, float[] y, int d, int h, int w, int k, int s, int p, bool cip) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            int od = OutputSize(d, k, s, p), oh = OutputSize(h, k, s, p), ow = OutputSize(w, k, s, p);
            for (var plane = start; plane < end; plane++)
            {
                var src = xo + plane * d * h * w;
                var dst = plane * od * oh * ow;
                for (var oz = 0; oz < od; oz++)
                for (var oy = 0; oy < oh; oy++)
                for (var ox = 0; ox < ow; ox++)
                {
                    var sum = 0f;
                    for (var kz = 0; kz < k; kz++)
                    {
                        var iz = oz * s - p + kz;
                        if ((uint)iz >= (uint)d) continue;
                        for (var ky = 0; ky < k; ky++)
                        {
                            var iy = oy * s - p + ky;
                            if ((uint)iy >= (uint)h) continue;
                            var row = src + (iz * h + iy) * w;
                            for (var kx = 0; kx < k; kx++)
                            {
                                var ix = ox * s - p + kx;
                                if ((uint)ix < (uint)w) sum += x[row + ix];
                            }
                        }
                    }
                    y[dst + (oz * oh + oy) * ow + ox] = sum / Divisor(oz, oy, ox, d, h, w, k, s, p, cip);
                }
            }
        }
    }

    private readonly struct Backward(float[] g, int go, float[] dx, int d, int h, int w, int k, int s, int p, bool cip) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            int od = OutputSize(d, k, s, p), oh = OutputSize(h, k, s, p), ow = OutputSize(w, k, s, p);
            for (var plane = start; plane < end; plane++)
            {
                var gsrc = go + plane * od * oh * ow;
                var dst = plane * d * h * w;
                for (var iz = 0; iz < d; iz++)
                {
                    var (z0, z1) = Range(iz, od, k, s, p);
                    for (var iy = 0; iy < h; iy++)
                    {
                        var (y0, y1) = Range(iy, oh, k, s, p);
                        for (var ix = 0; ix < w; ix++)
                        {
                            var (x0, x1) = Range(ix, ow, k, s, p);
                            var sum = 0f;
                            for (var oz = z0; oz <= z1; oz++)
                            for (var oy = y0; oy <= y1; oy++)
                            for (var ox = x0; ox <= x1; ox++)
                                sum += g[gsrc + (oz * oh + oy) * ow + ox] / Divisor(oz, oy, ox, d, h, w, k, s, p, cip);
                            dx[dst + (iz * h + iy) * w + ix] = sum;
                        }
                    }
                }
            }
        }

        /// <summary>The outputs whose window covers input index i: o·s − p ≤ i ≤ o·s − p + k − 1.</summary>
        private static (int From, int To) Range(int i, int outSize, int k, int s, int p)
        {
            var lo = i + p - k + 1;
            var from = lo <= 0 ? 0 : (lo + s - 1) / s;
            var to = Math.Min((i + p) / s, outSize - 1);
            return (from, to);
        }
    }
}
