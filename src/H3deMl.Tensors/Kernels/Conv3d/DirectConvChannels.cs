using System.Runtime.Intrinsics;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The register tile of the channel-vector direct convolution: <see cref="Channels"/> output channels (whole Vector512s)
/// by <see cref="Columns"/> output columns, stepping one tap at a time or, when <see cref="RowTaps"/> > 1, one kernel row
/// at a time (each source value broadcast once for all the taps of the row that use it). 16 accumulator columns of a
/// single vector would need as many broadcasts as FMAs, which is why 16 channels take the row form.
/// </summary>
internal readonly record struct ChannelTile(int Channels, int Columns, int RowTaps = 1)
{
    /// <summary>
    /// Taps per KC block: the block of one channel vector's weights (KC × <see cref="Channels"/> floats) stays in L1
    /// (about 24 KB) while the tile walks every panel of a column group; a multiple of <see cref="RowTaps"/>.
    /// </summary>
    internal int Kc => Math.Max(RowTaps, 24 * 1024 / (Channels * sizeof(float)) / RowTaps * RowTaps);

    /// <summary>Columns of a column group: its [column][channel] sums (about 128 KB) stay in L2 across the KC blocks.</summary>
    internal int GroupColumns(int m) => Math.Clamp(32 * 1024 / m, Columns, 4096) / Columns * Columns;

    /// <summary>
    /// Output planes computed together: when a plane's sums are small, several planes share each KC block of the
    /// weights (which otherwise stream from memory once per plane when the weights are large), within about 1 MB of
    /// sums and 16 MB of padded source planes.
    /// </summary>
    internal int PlanesTogether(int m, int cols, long slotLen, int kd)
    {
        var planeSums = (long)(cols + Columns - 1) / Columns * Columns * m * sizeof(float);
        var byRing = (int)Math.Max(1, 16L * 1024 * 1024 / (slotLen * sizeof(float)) - (kd - 1));
        return (int)Math.Clamp((1 << 20) / planeSums, 1, byRing);
    }

    /// <summary>The tile for <paramref name="m"/> output channels, or null when the width or channel count does not suit.</summary>
    internal static ChannelTile? For(SimdWidth w, int m, int kw)
    {
        if (w != SimdWidth.V512 || !Vector512.IsHardwareAccelerated || kw > 32) return null;
        if (m % 64 == 0) return new ChannelTile(64, 6);
        if (m % 48 == 0) return new ChannelTile(48, 9);
        if (m % 32 == 0) return new ChannelTile(32, 14);
        if (m % 16 == 0 && kw == 3) return new ChannelTile(16, 24, 3);
        return null;
    }
}

internal static unsafe partial class DirectConv
{
    /// <summary>
    /// <see cref="Correlate"/> with output channels in vectors: the weights are packed [channel block][k][channels], a
    /// tile holds <see cref="ChannelTile.Columns"/> consecutive columns of the flattened padded plane for one channel
    /// block, and each tap broadcasts one source value per column. Every output sums k in KC blocks, in order, as the
    /// column-vector kernel does.
    /// </summary>
    private static void CorrelateChannels(ChannelTile tile, int m, float* amat, float* src, int channels, int d, int h, int wd,
        int kd, int kh, int kw, int lz, int ly, int lx, float* bias, float* dst, int od, int oh, int ow)
    {
        var apack = PackChannelBlocks(amat, m, channels * kd * kh * kw, tile.Channels);
        var op = new ChannelBand(tile, m, apack, src, channels, d, h, wd, kd, kh, kw, lz, ly, lx, bias, dst, od, oh, ow);
        ParallelRange.For(od, 1, op);
    }

    /// <summary>
    /// The m × kdim weights packed [channel block][k][block channels] (scratch slot 5 of the calling thread), in
    /// blocks of 64 k so that reads run along rows and the writes of a block stay in L1; threads split the blocks.
    /// </summary>
    private static float* PackChannelBlocks(float* amat, int m, int kdim, int mb)
    {
        var apack = ScratchBuffers.Get(5, (long)m * kdim);
        var blocks = (kdim + 63) / 64;
        var units = m / mb * blocks;
        // Threads only for large weights (a million floats and more); small ones pack faster than a task starts.
        ParallelRange.For(units, (long)m * kdim >= 1 << 20 ? 1 : units, new ChannelPack(amat, kdim, mb, blocks, apack));
        return apack;
    }

    private readonly struct ChannelPack(float* amat, int kdim, int mb, int blocks, float* apack) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var u = start; u < end; u++)
            {
                var b0 = u / blocks * mb;
                var k0 = u % blocks * 64;
                var k1 = Math.Min(k0 + 64, kdim);
                var blk = apack + (long)b0 * kdim;
                for (var i = 0; i < mb; i++)
                {
                    var src = amat + (long)(b0 + i) * kdim;
                    for (var k = k0; k < k1; k++) blk[(long)k * mb + i] = src[k];
                }
            }
        }
    }

    private readonly struct ChannelBand(ChannelTile tile, int m, float* apack, float* src, int channels, int d, int h, int wd,
        int kd, int kh, int kw, int lz, int ly, int lx, float* bias, float* dst, int od, int oh, int ow) : IRangeOperation
    {
        public void Invoke(int z0, int z1)
        {
            var kcMax = tile.Kc;
            int mb = tile.Channels, nj = tile.Columns, rt = tile.RowTaps;
            int hp = oh + kh - 1, wp = ow + kw - 1;
            var slotLen = SlotLength(channels, hp, wp);
            var kdim = channels * kd * kh * kw;
            long planeC = (long)hp * wp;
            long osp = (long)od * oh * ow;
            var cols = oh * wp;
            var planes = tile.PlanesTogether(m, cols, slotLen, kd);
            var groupCols = planes > 1 ? (cols + nj - 1) / nj * nj : Math.Min(tile.GroupColumns(m), (cols + nj - 1) / nj * nj);
            var slots = planes + kd - 1;
            var ring = ScratchBuffers.Get(2, slots * slotLen);
            var off = (int*)ScratchBuffers.Get(3, 2L * planes * kdim);
            var ctile = ScratchBuffers.Get(4, (long)planes * groupCols * m);
            var filled = z0 - 1;                   // highest padded plane in the ring; plane q lives in slot q % slots
            for (var zc = z0; zc < z1; zc += planes)
            {
                var np = Math.Min(planes, z1 - zc);
                for (var q = filled + 1; q < zc + np + kd - 1; q++)
                    FillPlane(ring, slotLen, q % slots, q, src, channels, d, h, wd, lz, ly, lx, hp, wp);
                filled = zc + np + kd - 2;
                for (var zq = 0; zq < np; zq++)
                {
                    var o = off + 2L * zq * kdim;
                    TapOffsets(o, zc + zq, slots, slotLen, channels, kd, kh, kw, planeC, wp);
                    if (rt > 1)
                        for (var r = 0; r < kdim / rt; r++) o[kdim + r] = o[r * rt];
                }
                for (var g0 = 0; g0 < cols; g0 += groupCols)
                {
                    var n = Math.Min(groupCols, cols - g0);
                    var panels = (n + nj - 1) / nj;
                    for (var pc = 0; pc < kdim; pc += kcMax)
                    {
                        var kc = Math.Min(kcMax, kdim - pc);
                        for (var b0 = 0; b0 < m; b0 += mb)
                        {
                            var ablk = apack + (long)b0 * kdim + (long)pc * mb;
                            for (var zq = 0; zq < np; zq++)
                            {
                                var o = off + 2L * zq * kdim;
                                var tileOff = rt > 1 ? o + kdim + pc / rt : o + pc;
                                var cz = ctile + (long)zq * groupCols * m + b0;
                                for (var p = 0; p < panels; p++)
                                    Tile(tile, kc, ablk, ring + g0 + p * nj, tileOff, cz + (long)p * nj * m, m, pc > 0);
                            }
                        }
                    }
                    for (var zq = 0; zq < np; zq++)
                        Store(ctile + (long)zq * groupCols * m, n, g0, m, wp, ow, osp, bias, dst + (long)(zc + zq) * oh * ow);
                }
            }
        }
    }

    /// <summary>
    /// Writes columns [g0, g0 + n) of the flattened padded plane from a [column][channel] tile, dropping junk columns,
    /// channel by channel so that the writes run along output rows.
    /// </summary>
    private static void Store(float* ctile, int n, int g0, int m, int wp, int ow, long osp, float* bias, float* outPlane)
    {
        var y0 = g0 / wp;
        var x0 = g0 - y0 * wp;
        for (var i = 0; i < m; i++)
        {
            var b = bias == null ? 0f : bias[i];
            var plane = outPlane + i * osp;
            var src = ctile + i;
            int y = y0, x = x0, j = 0;
            while (j < n)
            {
                var run = Math.Min(n - j, wp - x);
                var valid = Math.Min(run, ow - x);
                var o = plane + (long)y * ow + x;
                for (var q = 0; q < valid; q++) o[q] = src[(long)(j + q) * m] + b;
                j += run;
                x = 0;
                y++;
            }
        }
    }

    private static void Tile(ChannelTile tile, int kc, float* a, float* b, int* off, float* c, nint ldc, bool accumulate)
    {
        switch (tile)
        {
            case { Channels: 64 }: MicroKernels.Channels64x6(kc, a, b, off, c, ldc, accumulate); break;
            case { Channels: 48 }: MicroKernels.Channels48x9(kc, a, b, off, c, ldc, accumulate); break;
            case { Channels: 32 }: MicroKernels.Channels32x14(kc, a, b, off, c, ldc, accumulate); break;
            default: MicroKernels.ChannelRows16x24k3(kc / 3, a, b, off, c, ldc, accumulate); break;
        }
    }
}
