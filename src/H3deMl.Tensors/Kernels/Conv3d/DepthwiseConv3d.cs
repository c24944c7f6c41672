using System.Runtime.Intrinsics;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// Direct depthwise convolution (groups == channels, one filter per channel), stride 1, vectorised along W. Each
/// channel is copied once into a zero-padded scratch volume, so the tap loops need no bounds checks. Threads take
/// whole channels: every output element has one writer and a fixed summation order.
/// </summary>
internal static unsafe class DepthwiseConv3d
{
    /// <summary>
    /// out[c, o] = bias[c] + Σ_t w[c, t]·src[c, o + t − lo] on an output grid (od, oh, ow), for (batch·channels)
    /// channels; <paramref name="bias"/> may be null.
    /// </summary>
    internal static void Correlate(SimdWidth w, int planes, int channels, float* src, int d, int h, int wd,
        float* weights, int kd, int kh, int kw, int loZ, int loY, int loX, float* bias, float* dst, int od, int oh, int ow)
    {
        var op = new ForwardBand(w, channels, src, d, h, wd, weights, kd, kh, kw, loZ, loY, loX, bias, dst, od, oh, ow);
        ParallelRange.For(planes, 1, op);
    }

    /// <summary>dw[c, t] += Σ_o dy[c, o]·x[c, o + t − p] (stride 1), and dbias[c] += Σ_o dy[c, o] when not null.</summary>
    internal static void WeightGrad(SimdWidth w, int batch, int channels, float* x, int d, int h, int wd,
        float* dy, int od, int oh, int ow, int kd, int kh, int kw, int pz, int py, int px, float* dw, float* dbias)
    {
        var op = new WeightBand(w, batch, channels, x, d, h, wd, dy, od, oh, ow, kd, kh, kw, pz, py, px, dw, dbias);
        ParallelRange.For(channels, 1, op);
    }

    /// <summary>Padded row length: the vector-rounded output row plus the kernel width, plus a vector of slack.</summary>
    private static int PaddedRow(int ow, int kw) => (ow + 15) / 16 * 16 + kw - 1 + 16;

    /// <summary>Copies one channel into a zero-padded (od + kd − 1) × (oh + kh − 1) × rowLength volume.</summary>
    private static void Pad(float* src, int d, int h, int w, int loZ, int loY, int loX, float* pad, int pd, int ph, int prow)
    {
        new Span<float>(pad, pd * ph * prow).Clear();
        for (var z = 0; z < pd; z++)
        {
            var iz = z - loZ;
            if ((uint)iz >= (uint)d) continue;
            for (var y = 0; y < ph; y++)
            {
                var iy = y - loY;
                if ((uint)iy >= (uint)h) continue;
                var s = src + ((long)iz * h + iy) * w;
                var dst = pad + ((long)z * ph + y) * prow;
                var x0 = Math.Max(0, loX);             // first padded column holding data
                var sx0 = x0 - loX;                     // its source column
                var n = Math.Min(w - sx0, prow - x0);
                if (n > 0) new Span<float>(s + sx0, n).CopyTo(new Span<float>(dst + x0, n));
            }
        }
    }

    private readonly struct ForwardBand(SimdWidth w, int channels, float* src, int d, int h, int wd, float* weights,
        int kd, int kh, int kw, int loZ, int loY, int loX, float* bias, float* dst, int od, int oh, int ow) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            int pd = od + kd - 1, ph = oh + kh - 1, prow = PaddedRow(ow, kw);
            var pad = ScratchBuffers.Get(2, (long)pd * ph * prow);
            var taps = kd * kh * kw;
            for (var plane = start; plane < end; plane++)
            {
                var c = plane % channels;
                Pad(src + (long)plane * d * h * wd, d, h, wd, loZ, loY, loX, pad, pd, ph, prow);
                var b = bias == null ? 0f : bias[c];
                var wt = weights + (long)c * taps;
                var o = dst + (long)plane * od * oh * ow;
                switch (w)
                {
                    case SimdWidth.V512: Plane<Simd512, Vector512<float>>(pad, ph, prow, wt, kd, kh, kw, b, o, od, oh, ow); break;
                    case SimdWidth.V256: Plane<Simd256, Vector256<float>>(pad, ph, prow, wt, kd, kh, kw, b, o, od, oh, ow); break;
                    case SimdWidth.V128: Plane<Simd128, Vector128<float>>(pad, ph, prow, wt, kd, kh, kw, b, o, od, oh, ow); break;
                    default: Plane<SimdScalar, float>(pad, ph, prow, wt, kd, kh, kw, b, o, od, oh, ow); break;
                }
            }
        }
    }

    private static void Plane<TOps, TV>(float* pad, int ph, int prow, float* wt, int kd, int kh, int kw, float bias,
        float* o, int od, int oh, int ow) where TOps : ISimdOps<TV> where TV : unmanaged
    {
        var lanes = TOps.Lanes;
        var tmp = stackalloc float[16];
        var vb = TOps.Broadcast(bias);
        for (var z = 0; z < od; z++)
        for (var y = 0; y < oh; y++)
        {
            var orow = o + ((long)z * oh + y) * ow;
            for (var x = 0; x < ow; x += lanes)
            {
                var acc = vb;
                var t = 0;
                for (var a = 0; a < kd; a++)
                for (var bb = 0; bb < kh; bb++)
                {
                    var prowp = pad + ((long)(z + a) * ph + y + bb) * prow + x;
                    for (var c = 0; c < kw; c++, t++)
                        acc = TOps.Fma(TOps.Broadcast(wt[t]), TOps.Load(prowp + c), acc);
                }
                if (x + lanes <= ow) TOps.Store(acc, orow + x);
                else
                {
                    TOps.Store(acc, tmp);
                    for (var i = 0; i < ow - x; i++) orow[x + i] = tmp[i];
                }
            }
        }
    }

    private readonly struct WeightBand(SimdWidth w, int batch, int channels, float* x, int d, int h, int wd,
        float* dy, int od, int oh, int ow, int kd, int kh, int kw, int pz, int py, int px, float* dw, float* dbias) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            int pd = od + kd - 1, ph = oh + kh - 1, prow = PaddedRow(ow, kw);
            var owv = (ow + 15) / 16 * 16;
            var pad = ScratchBuffers.Get(2, (long)pd * ph * prow);
            var dyp = ScratchBuffers.Get(3, (long)od * oh * owv);
            var taps = kd * kh * kw;
            for (var c = start; c < end; c++)
            {
                for (var n = 0; n < batch; n++)
                {
                    var plane = (long)n * channels + c;
                    Pad(x + plane * d * h * wd, d, h, wd, pz, py, px, pad, pd, ph, prow);
                    var g = dy + plane * od * oh * ow;
                    for (var r = 0; r < od * oh; r++)
                    {
                        var dst = dyp + (long)r * owv;
                        new Span<float>(g + (long)r * ow, ow).CopyTo(new Span<float>(dst, ow));
                        for (var i = ow; i < owv; i++) dst[i] = 0f;
                    }
                    var wt = dw + (long)c * taps;
                    switch (w)
                    {
                        case SimdWidth.V512: Taps<Simd512, Vector512<float>>(pad, ph, prow, dyp, owv, od, oh, kd, kh, kw, wt); break;
                        case SimdWidth.V256: Taps<Simd256, Vector256<float>>(pad, ph, prow, dyp, owv, od, oh, kd, kh, kw, wt); break;
                        case SimdWidth.V128: Taps<Simd128, Vector128<float>>(pad, ph, prow, dyp, owv, od, oh, kd, kh, kw, wt); break;
                        default: Taps<SimdScalar, float>(pad, ph, prow, dyp, owv, od, oh, kd, kh, kw, wt); break;
                    }
                    if (dbias != null)
                    {
                        var s = 0f;
                        for (var r = 0; r < od * oh; r++)
                        {
                            var row = dyp + (long)r * owv;
                            var rs = 0f;
                            for (var i = 0; i < ow; i++) rs += row[i];
                            s += rs;
                        }
                        dbias[c] += s;
                    }
                }
            }
        }
    }

    private static void Taps<TOps, TV>(float* pad, int ph, int prow, float* dyp, int owv, int od, int oh,
        int kd, int kh, int kw, float* wt) where TOps : ISimdOps<TV> where TV : unmanaged
    {
        var lanes = TOps.Lanes;
        var t = 0;
        for (var a = 0; a < kd; a++)
        for (var b = 0; b < kh; b++)
        for (var c = 0; c < kw; c++, t++)
        {
            var acc = TOps.Zero;
            for (var z = 0; z < od; z++)
            for (var y = 0; y < oh; y++)
            {
                var g = dyp + ((long)z * oh + y) * owv;
                var s = pad + ((long)(z + a) * ph + y + b) * prow + c;
                for (var x = 0; x < owv; x += lanes)
                    acc = TOps.Fma(TOps.Load(g + x), TOps.Load(s + x), acc);
            }
            wt[t] += TOps.Sum(acc);
        }
    }
}
