using System.Runtime.Intrinsics;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The register tile of the channel-vector weight gradient: <see cref="Channels"/> output channels (whole Vector512s)
/// by <see cref="Rows"/> kernel rows of 3 taps, so each row needs one source pointer and its taps sit at immediate
/// offsets.
/// </summary>
internal readonly record struct WeightTile(int Channels, int Rows)
{
    /// <summary>Positions per kernel call: the block of output gradients (positions × channels) stays in L1 (about 24 KB).</summary>
    internal int Positions => Math.Max(16, 24 * 1024 / (Channels * sizeof(float)));

    /// <summary>The tile for <paramref name="m"/> output channels, or null when the width, channels or kernel width do not suit.</summary>
    internal static WeightTile? For(SimdWidth w, int m, int kw)
    {
        if (w != SimdWidth.V512 || !Vector512.IsHardwareAccelerated || kw != 3) return null;
        if (m % 64 == 0) return new WeightTile(64, 2);
        if (m % 48 == 0) return new WeightTile(48, 3);
        if (m % 32 == 0) return new WeightTile(32, 4);
        return null;                                // 16 channels: one vector per tap, as many broadcasts as FMAs
    }
}

internal static unsafe partial class DirectConv
{
    /// <summary>
    /// <see cref="WeightGrad"/> with output channels in vectors: dWᵀ[kk][m] accumulates, position by position in order
    /// over the whole volume, the source value of tap kk times the vector of output gradients at that position (packed
    /// [position][channels] per plane). Threads split the kernel rows; each runs every position for its rows, so the
    /// order of every sum is fixed by the geometry.
    /// </summary>
    private static void WeightGradChannels(WeightTile tile, int m, float* dy, float* src, int channels, int d, int h, int wd,
        int kd, int kh, int kw, int lz, int ly, int lx, float* dw, int od, int oh, int ow)
    {
        var kdim = channels * kd * kh * kw;
        var groups = (kdim / kw + tile.Rows - 1) / tile.Rows;
        var dwT = ScratchBuffers.Get(5, (long)groups * tile.Rows * kw * m);
        var op = new WeightChannelBand(tile, m, dy, src, channels, d, h, wd, kd, kh, kw, lz, ly, lx, dw, dwT, od, oh, ow);
        ParallelRange.For(groups, 1, op);
    }

    private readonly struct WeightChannelBand(WeightTile tile, int m, float* dy, float* src, int channels, int d, int h, int wd,
        int kd, int kh, int kw, int lz, int ly, int lx, float* dw, float* dwT, int od, int oh, int ow) : IRangeOperation
    {
        public void Invoke(int g0, int g1)
        {
            int mb = tile.Channels, rows = tile.Rows, pblk = tile.Positions;
            int hp = oh + kh - 1, wp = ow + kw - 1;
            var slotLen = SlotLength(channels, hp, wp);
            var kdim = channels * kd * kh * kw;
            var kRows = kdim / kw;
            long planeC = (long)hp * wp;
            long osp = (long)od * oh * ow;
            var cols = oh * wp;
            var ring = ScratchBuffers.Get(2, kd * slotLen);
            // Row offsets, padded with repeats of the last row so that a partial group reads valid memory.
            var rowOff = (int*)ScratchBuffers.Get(3, (long)(kRows + rows));
            var dyT = ScratchBuffers.Get(4, (long)m * cols);
            for (var z = 0; z < od; z++)
            {
                AdvanceRing(ring, slotLen, z, 0, src, channels, d, h, wd, kd, lz, ly, lx, hp, wp);
                TapOffsets(rowOff, z, kd, slotLen, channels, kd, kh, 1, planeC, wp);
                for (var r = kRows; r < kRows + rows; r++) rowOff[r] = rowOff[kRows - 1];
                PackGradients(dy + (long)z * oh * ow, osp, m, mb, oh, ow, wp, dyT);
                for (var p0 = 0; p0 < cols; p0 += pblk)
                {
                    var n = Math.Min(pblk, cols - p0);
                    var accumulate = z > 0 || p0 > 0;
                    for (var g = g0; g < g1; g++)
                    for (var b0 = 0; b0 < m; b0 += mb)
                        Tile(tile, n, dyT + (long)b0 * cols + (long)p0 * mb, ring + p0, rowOff + g * rows,
                            dwT + (long)g * rows * kw * m + b0, m, accumulate);
                }
            }
            var k0 = g0 * rows * kw;
            var k1 = Math.Min(g1 * rows * kw, kdim);
            for (var i = 0; i < m; i++)
            {
                var dst = dw + (long)i * kdim;
                for (var kk = k0; kk < k1; kk++) dst[kk] += dwT[(long)kk * m + i];
            }
        }
    }

    /// <summary>dyT[block][p][i] = dy[block·mb + i] at padded column p = y·wp + x of one plane (zero where x ≥ ow).</summary>
    private static void PackGradients(float* dyPlane, long osp, int m, int mb, int oh, int ow, int wp, float* dyT)
    {
        var cols = oh * wp;
        for (var b0 = 0; b0 < m; b0 += mb)
        {
            var blk = dyT + (long)b0 * cols;
            for (var i = 0; i < mb; i++)
            {
                var s = dyPlane + (b0 + i) * osp;
                for (var y = 0; y < oh; y++)
                {
                    var row = blk + (long)y * wp * mb + i;
                    var srow = s + (long)y * ow;
                    for (var x = 0; x < ow; x++) row[(long)x * mb] = srow[x];
                    for (var x = ow; x < wp; x++) row[(long)x * mb] = 0f;
                }
            }
        }
    }

    private static void Tile(WeightTile tile, int len, float* a, float* b, int* off, float* c, nint ldc, bool accumulate)
    {
        switch (tile.Channels)
        {
            case 64: MicroKernels.WeightRows64x2k3(len, a, b, off, c, ldc, accumulate); break;
            case 48: MicroKernels.WeightRows48x3k3(len, a, b, off, c, ldc, accumulate); break;
            default: MicroKernels.WeightRows32x4k3(len, a, b, off, c, ldc, accumulate); break;
        }
    }
}
