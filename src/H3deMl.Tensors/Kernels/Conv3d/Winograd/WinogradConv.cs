using System.Runtime.Intrinsics.X86;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// Stride-1, padding-1 3×3×3 correlation by Winograd's minimal filtering F(2×2×2, 3×3×3): each 2×2×2 output tile
/// costs 64 multiply-adds per channel pair instead of 216, as 64 independent GEMMs (one per transformed element e)
/// of the transformed filters U_e (m × channels) by the transformed input tiles V_e (channels × tiles), followed by
/// the output transform. Blocks of 32 tiles are the work items; when there are few of them the output channels are
/// split too. Every output sums its channels in the same order whatever the split, so results do not depend on
/// the thread count. AVX-512 only.
/// </summary>
internal static unsafe class WinogradConv
{
    /// <summary>Reduction channels transformed and multiplied at a time: their slice of V (512 KB) stays in L2.</summary>
    private const int Kc = 64;

    /// <summary>
    /// At most this many blocks (over the whole batch) and each transformed filter is used too few times to be worth
    /// writing out: each thread transforms its filter panels slice by slice right before multiplying.
    /// </summary>
    private const int FusedBlockLimit = 4;

    [ThreadStatic] private static bool t_disabled;

    /// <summary>Turns Winograd off for convolutions started on the calling thread (tests of the kernels it replaces).</summary>
    internal static bool DisabledOnThisThread
    {
        get => t_disabled;
        set => t_disabled = value;
    }

    /// <summary>
    /// Whether Winograd suits a correlation with <paramref name="m"/> outputs and <paramref name="channels"/> inputs:
    /// AVX-512, and enough channel pairs that the transforms (linear in m and in the channels) stay small next to the
    /// GEMMs (quadratic). Measured with 2 threads: 48→16 and 16→48 at 128×128×64 gain 1.4× and 1.7× over the direct
    /// kernels, 16→16 breaks even.
    /// </summary>
    internal static bool Supported(SimdWidth w, int m, int channels) =>
        !t_disabled && w == SimdWidth.V512 && Avx512F.IsSupported && m >= 16 && channels >= 16 && m * channels >= 768;

    /// <summary>
    /// dst[o, z, y, x] = bias[o] + Σ_{c, a, b, e} filter(o, c)[a, b, e]·src[c, z + a − 1, y + b − 1, x + e − 1] for
    /// each batch item; filters as in <see cref="WinogradWeights"/>; bias may be null.
    /// </summary>
    internal static void Correlate(float* w, bool transposedFlipped, int m, int channels, int batch, float* src,
        float* bias, float* dst, int d, int h, int wd)
    {
        var weights = new WinogradWeights(w, m, channels, transposedFlipped);
        var tiling = new WinogradTiling(d, h, wd);
        var blocks = tiling.Blocks;
        float* u = null;
        if ((long)blocks * batch > FusedBlockLimit)
        {
            u = ScratchBuffers.Get(5, weights.SlicesLength(Kc));
            weights.TransformAll(u, Kc);
        }
        var panels = weights.Panels;
        var threads = ComputeSettings.Threads;
        var bands = blocks >= 2 * threads ? 1 : Math.Min(panels, (2 * threads + blocks - 1) / blocks);
        var panelsPerBand = (panels + bands - 1) / bands;
        var plane = (long)d * h * wd;
        for (var n = 0; n < batch; n++)
        {
            var op = new BlockOp(tiling, bands, panelsPerBand, weights, u, src + n * channels * plane, bias, dst + n * m * plane);
            ParallelRange.For(blocks * bands, 1, op);
        }
    }

    private readonly struct BlockOp(WinogradTiling tiling, int bands, int panelsPerBand, WinogradWeights weights,
        float* u, float* src, float* bias, float* dst) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var channels = weights.Channels;
            var kcMax = Math.Min(Kc, channels);
            var v = ScratchBuffers.Get(2, 64 * WinogradTiling.ElementStride(kcMax));
            var mb = ScratchBuffers.Get(3, 64 * WinogradTiling.ElementStride(Math.Min(weights.Panels, (end - start) * panelsPerBand) * 8));
            var scratch = ScratchBuffers.Get(4, WinogradInput.ScratchLength);
            var slice = u == null ? ScratchBuffers.Get(1, 64 * WinogradWeights.SliceStride(kcMax)) : null;
            for (var item = start; item < end;)
            {
                // This thread's consecutive items of one block cover one contiguous range of output panels.
                var block = item / bands;
                var last = Math.Min(end, (block + 1) * bands) - 1;
                var p0 = item % bands * panelsPerBand;
                var p1 = Math.Min(weights.Panels, (last % bands + 1) * panelsPerBand);
                item = last + 1;
                if (p0 >= p1) continue;
                Multiply(block, p0, p1, v, mb, scratch, slice);
                WinogradOutput.Transform(tiling, block, mb, (p1 - p0) * 8, Math.Min(weights.M, p1 * 8) - p0 * 8, p0 * 8, bias, dst);
            }
        }

        /// <summary>
        /// mb[e][8(p − p0) + r][lane] = Σ_c U_e[8p + r][c]·V_e[c][lane] for panels [p0, p1), transforming the input
        /// <see cref="Kc"/> channels at a time so that the slice of V stays in L2 between its transform and its use.
        /// Without a precomputed U, each panel's filter slice is transformed into <paramref name="slice"/> just before use.
        /// </summary>
        private void Multiply(int block, int p0, int p1, float* v, float* mb, float* scratch, float* slice)
        {
            const int lanes = WinogradTiling.Lanes;
            var channels = weights.Channels;
            var rows = (p1 - p0) * 8;
            var plane = (long)tiling.D * tiling.H * tiling.W;
            var mStride = WinogradTiling.ElementStride(rows);
            for (var k0 = 0; k0 < channels; k0 += Kc)
            {
                var kc = Math.Min(Kc, channels - k0);
                var vStride = WinogradTiling.ElementStride(kc);
                WinogradInput.Transform(tiling, block, src + k0 * plane, kc, v, vStride, scratch);
                var aStride = WinogradWeights.SliceStride(kc);
                for (var p = p0; p < p1; p++)
                {
                    float* a;
                    if (u == null)
                    {
                        a = slice;
                        weights.TransformPanel(p, k0, kc, a, aStride);
                    }
                    else a = weights.Slice(u, p, k0, Kc);
                    var c = mb + (p - p0) * 8 * lanes;
                    for (var e = 0; e < 64; e++)
                        MicroKernels.Tile512(kc, a + e * aStride, v + e * vStride, c + e * mStride, lanes, k0 > 0);
                }
            }
        }
    }
}
