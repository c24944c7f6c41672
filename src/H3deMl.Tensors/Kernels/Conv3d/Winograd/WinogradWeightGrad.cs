using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The weight gradient of the stride-1, padding-1 3×3×3 correlation by F(2×2×2, 3×3×3), the transpose of
/// <see cref="WinogradConv"/>: dU_e = Σ_tiles dM_e·V_eᵀ (m × channels per element e, the reduction running over
/// tiles) with V the input transform and dM = A·dy·Aᵀ, then dw = Gᵀ·dU·G. The 64 elements are split by their z index
/// into four work items, each of which needs only its quarter of every transform and keeps its 16 m × channels sums
/// in L2 while it walks every tile in a fixed order; a final pass combines the four quarters per filter. Results do
/// not depend on the thread count.
/// </summary>
internal static unsafe class WinogradWeightGrad
{
    private const int Lanes = WinogradTiling.Lanes;

    /// <summary>
    /// Whether the weight gradient suits Winograd: a quarter of the sums (16·m·channels floats) fits in L2, and there
    /// are enough tiles (at least 8 blocks over the batch) that the transforms are reused.
    /// </summary>
    internal static bool Suits(int m, int channels, int batch, int d, int h, int w) =>
        (long)m * channels <= 16384 && (long)new WinogradTiling(d, h, w).Blocks * batch >= 8;

    /// <summary>
    /// dw[o, c, a, b, e] = Σ_{n, z, y, x} dy[n, o, z, y, x]·src[n, c, z + a − 1, y + b − 1, x + e − 1]; overwrites dw.
    /// </summary>
    internal static void Compute(float* dy, float* src, int m, int channels, int batch, float* dw, int d, int h, int w)
    {
        var tiling = new WinogradTiling(d, h, w);
        var layout = new SumLayout(m, channels);
        var sums = ScratchBuffers.Get(5, 64 * layout.ElementStride);
        ParallelRange.For(4, 1, new QuarterOp(tiling, layout, dy, src, m, channels, batch, sums));
        ParallelRange.For(m, 1, new InverseOp(layout, sums, channels, dw));
    }

    /// <summary>dU[e][o][c]: rows padded to panels of 8 outputs, columns to panels of 32 channels.</summary>
    private readonly struct SumLayout(int m, int channels)
    {
        internal int RowPanels => (m + 7) / 8;
        internal int ColumnPanels => (channels + Lanes - 1) / Lanes;
        internal int Ld => ColumnPanels * Lanes;
        internal long ElementStride => (long)RowPanels * 8 * Ld + 16;
    }

    private readonly struct QuarterOp(WinogradTiling tiling, SumLayout layout, float* dy, float* src, int m, int channels,
        int batch, float* sums) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            int rowPanels = layout.RowPanels, columnPanels = layout.ColumnPanels;
            // Raw transforms [e][row][lane], rows padded to whole panels (their extra rows only feed discarded sums).
            var vStride = WinogradTiling.ElementStride(columnPanels * Lanes);
            var mStride = WinogradTiling.ElementStride(rowPanels * 8);
            var v = ScratchBuffers.Get(2, 16 * vStride);
            var dm = ScratchBuffers.Get(3, 16 * mStride);
            var vPacked = ScratchBuffers.Get(1, 16L * columnPanels * Lanes * Lanes);
            var mPacked = ScratchBuffers.Get(0, 16L * rowPanels * Lanes * 8);
            var scratch = ScratchBuffers.Get(4, WinogradInput.ScratchLength);
            var plane = (long)tiling.D * tiling.H * tiling.W;
            var blocks = tiling.Blocks;
            for (var ez = start; ez < end; ez++)
            {
                var first = true;
                for (var n = 0; n < batch; n++)
                for (var block = 0; block < blocks; block++)
                {
                    if (TileCount(block) < Lanes)
                    {
                        // Lanes are the reduction here: those without a tile must hold zeros, not stale values.
                        new Span<float>(v, (int)(16 * vStride)).Clear();
                        new Span<float>(dm, (int)(16 * mStride)).Clear();
                    }
                    WinogradInput.Transform(tiling, block, src + n * channels * plane, channels, v, vStride, scratch, ez, 1);
                    WinogradOutputGradient.Transform(tiling, block, dy + n * m * plane, m, dm, mStride, ez);
                    Pack(v, vStride, columnPanels, vPacked, dm, mStride, rowPanels, mPacked);
                    for (var e = 0; e < 16; e++)
                    {
                        var du = sums + (ez * 16 + e) * layout.ElementStride;
                        for (var cp = 0; cp < columnPanels; cp++)
                        {
                            var b = vPacked + ((long)e * columnPanels + cp) * Lanes * Lanes;
                            for (var rp = 0; rp < rowPanels; rp++)
                                MicroKernels.Tile512(Lanes, mPacked + ((long)e * rowPanels + rp) * Lanes * 8, b,
                                    du + (long)rp * 8 * layout.Ld + cp * Lanes, layout.Ld, !first);
                        }
                    }
                    first = false;
                }
            }
        }

        private int TileCount(int block)
        {
            var count = 0;
            for (var s = 0; s < tiling.SegmentCount(block); s++) count += tiling.Segment(block, s).Count;
            return count;
        }

        /// <summary>
        /// Transposes [e][row][lane] into the micro-kernel's panels, lanes (tiles) becoming the reduction index:
        /// V to [e][panel of 32 channels][lane][32], dM to [e][panel of 8 outputs][lane][8].
        /// </summary>
        private static void Pack(float* v, long vStride, int columnPanels, float* vPacked, float* dm, long mStride,
            int rowPanels, float* mPacked)
        {
            for (var e = 0; e < 16; e++)
            {
                for (var cp = 0; cp < columnPanels; cp++)
                {
                    var from = v + e * vStride + (long)cp * Lanes * Lanes;
                    var to = vPacked + ((long)e * columnPanels + cp) * Lanes * Lanes;
                    for (var i = 0; i < Lanes; i += 8)
                    for (var j = 0; j < Lanes; j += 8)
                        BlockTranspose.Transpose8x8(from + i * Lanes + j, Lanes, to + j * Lanes + i, Lanes);
                }
                for (var rp = 0; rp < rowPanels; rp++)
                {
                    var from = dm + e * mStride + (long)rp * 8 * Lanes;
                    var to = mPacked + ((long)e * rowPanels + rp) * Lanes * 8;
                    for (var j = 0; j < Lanes; j += 8)
                        BlockTranspose.Transpose8x8(from + j, Lanes, to + j * 8, 8);
                }
            }
        }
    }

    /// <summary>dw[o, c] = Gᵀ·dU[·][o][c]·G per filter, 16 channels at a time, for outputs [start, end).</summary>
    private readonly struct InverseOp(SumLayout layout, float* sums, int channels, float* dw) : IRangeOperation
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            var gx = stackalloc Vector512<float>[48];
            var gy = stackalloc Vector512<float>[36];
            var taps = stackalloc Vector512<float>[27];
            var half = Vector512.Create(0.5f);
            var es = layout.ElementStride;
            for (var o = start; o < end; o++)
            for (var c0 = 0; c0 < channels; c0 += 16)
            {
                var u = sums + (long)o * layout.Ld + c0;
                for (var g = 0; g < 16; g++)
                {
                    var p = u + g * 4 * es;
                    Reduce(Vector512.Load(p), Vector512.Load(p + es), Vector512.Load(p + 2 * es), Vector512.Load(p + 3 * es),
                        half, gx + g * 3, 1);
                }
                for (var ez = 0; ez < 4; ez++)
                for (var kx = 0; kx < 3; kx++)
                {
                    var s = gx + ez * 12 + kx;
                    Reduce(s[0], s[3], s[6], s[9], half, gy + ez * 9 + kx, 3);
                }
                for (var k = 0; k < 9; k++)
                {
                    var s = gy + k;
                    Reduce(s[0], s[9], s[18], s[27], half, taps + k, 9);
                }
                var flat = (float*)taps;
                var count = Math.Min(16, channels - c0);
                for (var j = 0; j < count; j++)
                {
                    var filter = dw + ((long)o * channels + c0 + j) * 27;
                    for (var t = 0; t < 27; t++) filter[t] = flat[t * 16 + j];
                }
            }
        }

        /// <summary>Gᵀ·(u0, u1, u2, u3) = (u0 + (u1 + u2)/2, (u1 − u2)/2, (u1 + u2)/2 + u3), written at d[0], d[s], d[2s].</summary>
        private static void Reduce(Vector512<float> u0, Vector512<float> u1, Vector512<float> u2, Vector512<float> u3,
            Vector512<float> half, Vector512<float>* d, int s)
        {
            var mid = (u1 + u2) * half;
            d[0] = u0 + mid;
            d[s] = (u1 - u2) * half;
            d[2 * s] = mid + u3;
        }
    }
}
