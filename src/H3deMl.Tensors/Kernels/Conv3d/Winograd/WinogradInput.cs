using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The data transform of F(2×2×2, 3×3×3): V = Bᵀ·d·B along each axis of every tile's 4×4×4 input patch,
/// Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], packed as the B operand of the 8×32 micro-kernel:
/// V[e][c][lane]. Along z and y the transform runs on whole zero-padded rows (lanes are x positions); along x it
/// splits each row into even and odd positions so that lanes become tiles.
/// </summary>
internal static unsafe class WinogradInput
{
    /// <summary>Floats in one scratch row: a segment spans at most 2·32 + 2 positions, read in chunks of 16 from offset 2.</summary>
    internal const int RowStride = 96;

    /// <summary>Scratch floats <see cref="Transform"/> needs.</summary>
    internal const int ScratchLength = 32 * RowStride;

    private const int MaxChunks = (2 * WinogradTiling.Lanes + 2 + 15) / 16;

    /// <summary>
    /// Fills V[e − 16·<paramref name="ezFirst"/>][c][lane] for the elements e of z index ez in [ezFirst, ezFirst +
    /// ezCount), c &lt; <paramref name="channels"/> and the lanes of <paramref name="block"/>'s tiles (element stride
    /// <paramref name="elementStride"/>) from src[c, z, y, x]; <paramref name="ezCount"/> is 4 or 1. Lanes past the
    /// block's tiles are not written.
    /// </summary>
    internal static void Transform(in WinogradTiling tiling, int block, float* src, int channels, float* v,
        long elementStride, float* scratch, int ezFirst = 0, int ezCount = 4)
    {
        var plane = (long)tiling.D * tiling.H * tiling.W;
        var segments = tiling.SegmentCount(block);
        for (var c = 0; c < channels; c++)
        for (var s = 0; s < segments; s++)
            Segment(tiling, tiling.Segment(block, s), src + c * plane, v + (long)c * WinogradTiling.Lanes, elementStride,
                scratch, ezFirst, ezCount);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Segment(in WinogradTiling t, WinogradSegment seg, float* src, float* v, long elementStride,
        float* scratch, int ezFirst, int ezCount)
    {
        var zrows = scratch;                        // [ez][iy]
        var rows = scratch + 16 * RowStride;        // [ez − ezFirst][ey]
        var x0 = 2 * seg.Tx0 - 1;
        var chunks = (2 * seg.Count + 2 + 15) / 16;
        // Chunk k covers positions x0 + 16k + lane; lanes outside [0, W) read as zero (masked loads never fault).
        var inside = stackalloc Vector512<float>[MaxChunks];
        for (var k = 0; k < chunks; k++)
        {
            var x = WinogradVectors.Iota + Vector512.Create((float)(x0 + 16 * k));
            inside[k] = Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero) & Vector512.LessThan(x, Vector512.Create((float)t.W));
        }
        var zero = Vector512<float>.Zero;
        for (var iy = 0; iy < 4; iy++)
        {
            var y = 2 * seg.Ty - 1 + iy;
            var z = 2 * seg.Tz - 1;
            float* r0 = Row(t, src, z, y), r1 = Row(t, src, z + 1, y), r2 = Row(t, src, z + 2, y), r3 = Row(t, src, z + 3, y);
            for (var k = 0; k < chunks; k++)
            {
                var o = x0 + k * 16;
                var mask = inside[k];
                var d0 = r0 == null ? zero : Avx512F.MaskLoad(r0 + o, mask, zero);
                var d1 = r1 == null ? zero : Avx512F.MaskLoad(r1 + o, mask, zero);
                var d2 = r2 == null ? zero : Avx512F.MaskLoad(r2 + o, mask, zero);
                var d3 = r3 == null ? zero : Avx512F.MaskLoad(r3 + o, mask, zero);
                var zo = zrows + iy * RowStride + k * 16;
                if (ezCount == 4)
                {
                    (d0 - d2).Store(zo);
                    (d1 + d2).Store(zo + 4 * RowStride);
                    (d2 - d1).Store(zo + 8 * RowStride);
                    (d1 - d3).Store(zo + 12 * RowStride);
                }
                else
                {
                    var only = ezFirst switch { 0 => d0 - d2, 1 => d1 + d2, 2 => d2 - d1, _ => d1 - d3 };
                    only.Store(zo + ezFirst * 4 * RowStride);
                }
            }
        }
        for (var ez = ezFirst; ez < ezFirst + ezCount; ez++)
        {
            var zr = zrows + ez * 4 * RowStride;
            var rr = rows + (ez - ezFirst) * 4 * RowStride;
            for (var k = 0; k < chunks; k++)
            {
                var o = k * 16;
                var d0 = Vector512.Load(zr + o);
                var d1 = Vector512.Load(zr + RowStride + o);
                var d2 = Vector512.Load(zr + 2 * RowStride + o);
                var d3 = Vector512.Load(zr + 3 * RowStride + o);
                (d0 - d2).Store(rr + o);
                (d1 + d2).Store(rr + RowStride + o);
                (d2 - d1).Store(rr + 2 * RowStride + o);
                (d1 - d3).Store(rr + 3 * RowStride + o);
            }
        }
        for (var q = 0; q * 16 < seg.Count; q++)
        {
            var mask = WinogradVectors.FirstLanes(seg.Count - q * 16);
            var lane = v + seg.Lane + q * 16;
            for (var r = 0; r < 4 * ezCount; r++)
            {
                // Tile t of this chunk reads row positions 2t .. 2t + 3 (relative to the chunk's first position).
                var row = rows + r * RowStride + q * 32;
                var a = Vector512.Load(row);
                var b = Vector512.Load(row + 16);
                var a2 = Vector512.Load(row + 2);
                var b2 = Vector512.Load(row + 18);
                var d0 = Avx512F.PermuteVar16x32x2(a, WinogradVectors.Even, b);
                var d1 = Avx512F.PermuteVar16x32x2(a, WinogradVectors.Odd, b);
                var d2 = Avx512F.PermuteVar16x32x2(a2, WinogradVectors.Even, b2);
                var d3 = Avx512F.PermuteVar16x32x2(a2, WinogradVectors.Odd, b2);
                var e = lane + r * 4 * elementStride;
                Avx512F.MaskStore(e, mask, d0 - d2);
                Avx512F.MaskStore(e + elementStride, mask, d1 + d2);
                Avx512F.MaskStore(e + 2 * elementStride, mask, d2 - d1);
                Avx512F.MaskStore(e + 3 * elementStride, mask, d1 - d3);
            }
        }
    }

    /// <summary>Row (z, y) of the channel plane, or null outside the volume.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Row(in WinogradTiling t, float* plane, int z, int y) =>
        (uint)z < (uint)t.D && (uint)y < (uint)t.H ? plane + ((long)z * t.H + y) * t.W : null;
}
