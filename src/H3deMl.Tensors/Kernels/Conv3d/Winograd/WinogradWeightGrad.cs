using System.Runtime.Intrinsics;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The weight gradient of the stride-1, padding-1 3×3×3 correlation by F(2×2×2, 3×3×3), the transpose of
/// <see cref="WinogradConv"/>: dU_e = Σ_tiles dM_e·V_eᵀ (m × channels per element e, the reduction running over
/// tiles) with V the input transform and dM = A·dy·Aᵀ, then dw = Gᵀ·dU·G (<see cref="WinogradFilterGradient"/>).
/// Many tiles: the 64 elements are split by their z index into four work items, each of which needs only its quarter
/// of every transform and keeps its 16 m × channels sums in L2 while it walks every tile in a fixed order; a final
/// pass combines the four quarters per filter. Few tiles (many channels on a small volume): every tile is transformed
/// and packed once, then each work item (a panel of 32 input channels) sums all tiles in one micro-kernel call per
/// element and turns its 64 sums into filters at once, so no m × channels sum is ever written out. Results do not
/// depend on the thread count.
/// </summary>
internal static unsafe class WinogradWeightGrad
{
    private const int Lanes = WinogradTiling.Lanes;

    /// <summary>At most this many blocks over the batch: the one-pass path (its panels hold every tile).</summary>
    private const int FewBlockLimit = 4;

    /// <summary>
    /// Whether the weight gradient suits Winograd: few tiles (the one-pass path), or a quarter of the sums
    /// (16·m·channels floats) fits in L2 and there are enough tiles (at least 8 blocks over the batch) that the
    /// transforms are reused.
    /// </summary>
    internal static bool Suits(int m, int channels, int batch, int d, int h, int w)
    {
        var blocks = (long)new WinogradTiling(d, h, w).Blocks * batch;
        return blocks <= FewBlockLimit || ((long)m * channels <= 16384 && blocks >= 8);
    }

    /// <summary>
    /// dw[o, c, a, b, e] = Σ_{n, z, y, x} dy[n, o, z, y, x]·src[n, c, z + a − 1, y + b − 1, x + e − 1]; overwrites dw.
    /// </summary>
    internal static void Compute(float* dy, float* src, int m, int channels, int batch, float* dw, int d, int h, int w)
    {
        var tiling = new WinogradTiling(d, h, w);
        var source = new Sources(tiling, dy, src, m, channels, batch);
        if ((long)tiling.Blocks * batch <= FewBlockLimit)
        {
            var panels = new WinogradGradientPanels(m, channels, tiling.Blocks * batch * Lanes);
            var buffer = ScratchBuffers.Get(5, panels.InputLength(64) + panels.GradientLength(64));
            var gradientPanels = buffer + panels.InputLength(64);
            ParallelRange.For(panels.ColumnPanels, 1, new PackAllOp(source, panels, buffer, gradientPanels, true));
            ParallelRange.For(panels.RowPanels, 1, new PackAllOp(source, panels, buffer, gradientPanels, false));
            ParallelRange.For(panels.ColumnPanels, 1, new FilterPanelOp(panels, m, channels, buffer, gradientPanels, dw));
            return;
        }
        var layout = new SumLayout(m, channels);
        var sums = ScratchBuffers.Get(5, 64 * layout.ElementStride);
        ParallelRange.For(4, 1, new QuarterOp(source, layout, sums));
        ParallelRange.For(m, 1, new InverseOp(layout, sums, channels, dw));
    }

    /// <summary>The operands and the per-block quarter transform both paths share.</summary>
    private readonly struct Sources(WinogradTiling tiling, float* dy, float* src, int m, int channels, int batch)
    {
        internal WinogradTiling Tiling => tiling;
        internal int Batch => batch;

        /// <summary>
        /// Raw transforms of block <paramref name="block"/> of batch item <paramref name="n"/> for the 16 elements of z
        /// index <paramref name="ez"/>: V[e][c][lane] and dM[e][o][lane], rows padded to whole panels.
        /// </summary>
        internal void TransformQuarter(int ez, int n, int block, float* v, long vStride, float* dm, long mStride, float* scratch)
        {
            ClearIfPartial(block, v, 16 * vStride);
            ClearIfPartial(block, dm, 16 * mStride);
            var plane = (long)tiling.D * tiling.H * tiling.W;
            WinogradInput.Transform(tiling, block, src + n * channels * plane, channels, v, vStride, scratch, ez, 1);
            WinogradOutputGradient.Transform(tiling, block, dy + n * m * plane, m, dm, mStride, ez);
        }

        /// <summary>
        /// V[e][c − c0][lane] of all 64 elements for channels [c0, c0 + count) (rows past the channels left as they were).
        /// </summary>
        internal void TransformInput(int n, int block, int c0, int count, float* v, long vStride, float* scratch)
        {
            ClearIfPartial(block, v, 64 * vStride);
            var plane = (long)tiling.D * tiling.H * tiling.W;
            WinogradInput.Transform(tiling, block, src + (n * channels + c0) * plane, Math.Min(count, channels - c0), v,
                vStride, scratch);
        }

        /// <summary>dM[e][o − o0][lane] of all 64 elements for outputs [o0, o0 + count).</summary>
        internal void TransformGradient(int n, int block, int o0, int count, float* dm, long mStride)
        {
            ClearIfPartial(block, dm, 64 * mStride);
            var plane = (long)tiling.D * tiling.H * tiling.W;
            for (var ez = 0; ez < 4; ez++)
                WinogradOutputGradient.Transform(tiling, block, dy + (n * m + o0) * plane, Math.Min(count, m - o0),
                    dm + ez * 16 * mStride, mStride, ez);
        }

        /// <summary>Lanes are the reduction here: those without a tile must hold zeros, not stale values.</summary>
        private void ClearIfPartial(int block, float* buffer, long length)
        {
            if (TileCount(block) < Lanes) new Span<float>(buffer, (int)length).Clear();
        }

        private int TileCount(int block)
        {
            var count = 0;
            for (var s = 0; s < tiling.SegmentCount(block); s++) count += tiling.Segment(block, s).Count;
            return count;
        }
    }

    /// <summary>Raw transform buffers of one worker for the 16 elements of a quarter.</summary>
    private readonly struct QuarterBuffers
    {
        internal QuarterBuffers(WinogradGradientPanels panels)
        {
            VStride = WinogradTiling.ElementStride(panels.ColumnPanels * Lanes);
            MStride = WinogradTiling.ElementStride(panels.RowPanels * 8);
            V = ScratchBuffers.Get(2, 16 * VStride);
            Dm = ScratchBuffers.Get(3, 16 * MStride);
            Scratch = ScratchBuffers.Get(4, WinogradInput.ScratchLength);
        }

        internal long VStride { get; }
        internal long MStride { get; }
        internal float* V { get; }
        internal float* Dm { get; }
        internal float* Scratch { get; }
    }

    /// <summary>dU[e][o][c]: rows padded to panels of 8 outputs, columns to panels of 32 channels.</summary>
    private readonly struct SumLayout(int m, int channels)
    {
        internal WinogradGradientPanels Panels => new(m, channels, Lanes);
        internal int Ld => Panels.ColumnPanels * Lanes;
        internal long ElementStride => (long)Panels.RowPanels * 8 * Ld + 16;
    }

    /// <summary>Many tiles: one quarter of the elements per item, summed block by block into dU.</summary>
    private readonly struct QuarterOp(Sources source, SumLayout layout, float* sums) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var panels = layout.Panels;
            var raw = new QuarterBuffers(panels);
            var vPanels = ScratchBuffers.Get(1, panels.InputLength(16));
            var mPanels = ScratchBuffers.Get(0, panels.GradientLength(16));
            for (var ez = start; ez < end; ez++)
            {
                var first = true;
                for (var n = 0; n < source.Batch; n++)
                for (var block = 0; block < source.Tiling.Blocks; block++)
                {
                    source.TransformQuarter(ez, n, block, raw.V, raw.VStride, raw.Dm, raw.MStride, raw.Scratch);
                    panels.PackInput(raw.V, raw.VStride, 16, 0, panels.ColumnPanels, 0, vPanels);
                    panels.PackGradient(raw.Dm, raw.MStride, 16, 0, panels.RowPanels, 0, mPanels);
                    for (var e = 0; e < 16; e++)
                    {
                        var du = sums + (ez * 16 + e) * layout.ElementStride;
                        for (var cp = 0; cp < panels.ColumnPanels; cp++)
                        for (var rp = 0; rp < panels.RowPanels; rp++)
                            MicroKernels.Tile512(Lanes, panels.GradientPanel(mPanels, e, rp), panels.InputPanel(vPanels, e, cp),
                                du + (long)rp * 8 * layout.Ld + cp * Lanes, layout.Ld, !first);
                    }
                    first = false;
                }
            }
        }
    }

    /// <summary>dw[o, c] = Gᵀ·dU[·][o][c]·G per filter, 16 channels at a time, for outputs [start, end).</summary>
    private readonly struct InverseOp(SumLayout layout, float* sums, int channels, float* dw) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var work = stackalloc Vector512<float>[WinogradFilterGradient.WorkVectors];
            for (var o = start; o < end; o++)
            for (var c0 = 0; c0 < channels; c0 += 16)
                WinogradFilterGradient.Write(sums + (long)o * layout.Ld + c0, layout.ElementStride, Math.Min(16, channels - c0),
                    dw + ((long)o * channels + c0) * 27, work);
        }
    }

    /// <summary>
    /// Few tiles: each item transforms and packs, for every tile and all 64 elements, the input of one panel of 32
    /// channels (<paramref name="inputs"/>) or the output gradient of one panel of 8 outputs.
    /// </summary>
    private readonly struct PackAllOp(Sources source, WinogradGradientPanels panels, float* vPanels, float* mPanels,
        bool inputs) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var vStride = WinogradTiling.ElementStride(Lanes);
            var mStride = WinogradTiling.ElementStride(8);
            var raw = ScratchBuffers.Get(2, 64 * vStride);
            var scratch = ScratchBuffers.Get(4, WinogradInput.ScratchLength);
            for (var item = start; item < end; item++)
            for (var n = 0; n < source.Batch; n++)
            for (var block = 0; block < source.Tiling.Blocks; block++)
            {
                var k0 = (n * source.Tiling.Blocks + block) * Lanes;
                if (inputs)
                {
                    source.TransformInput(n, block, item * Lanes, Lanes, raw, vStride, scratch);
                    panels.PackInput(raw, vStride, 64, item, 1, k0, vPanels);
                }
                else
                {
                    source.TransformGradient(n, block, item * 8, 8, raw, mStride);
                    panels.PackGradient(raw, mStride, 64, item, 1, k0, mPanels);
                }
            }
        }
    }

    /// <summary>Few tiles: for each panel of 32 input channels and 8 outputs, all 64 sums at once, then the filters.</summary>
    private readonly struct FilterPanelOp(WinogradGradientPanels panels, int m, int channels, float* vPanels, float* mPanels,
        float* dw) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            const long tileStride = 8 * Lanes + 16;
            var sums = ScratchBuffers.Get(2, 64 * tileStride);
            var work = stackalloc Vector512<float>[WinogradFilterGradient.WorkVectors];
            for (var cp = start; cp < end; cp++)
            for (var rp = 0; rp < panels.RowPanels; rp++)
            {
                for (var e = 0; e < 64; e++)
                    MicroKernels.Tile512(panels.K, panels.GradientPanel(mPanels, e, rp), panels.InputPanel(vPanels, e, cp),
                        sums + e * tileStride, Lanes, false);
                for (var r = 0; r < 8 && rp * 8 + r < m; r++)
                for (var j = 0; j < Lanes && cp * Lanes + j < channels; j += 16)
                {
                    var c = cp * Lanes + j;
                    WinogradFilterGradient.Write(sums + r * Lanes + j, tileStride, Math.Min(16, channels - c),
                        dw + ((long)(rp * 8 + r) * channels + c) * 27, work);
                }
            }
        }
    }
}
