using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The output transform of F(2×2×2, 3×3×3): y = Aᵀ·m·A along each axis, Aᵀ = [1 1 1 0; 0 1 −1 −1], from the
/// GEMM results m[e][row][lane] of one block to the 2×2×2 outputs of its tiles (x pairs interleaved back into rows).
/// </summary>
internal static unsafe class WinogradOutput
{
    /// <summary>
    /// Writes dst[row0 + i, z, y, x] = bias + (Aᵀ m A) for rows i &lt; <paramref name="count"/> and every tile of
    /// <paramref name="block"/>; m[e][i][lane] has <paramref name="rowsPerElement"/> rows per element.
    /// </summary>
    internal static void Transform(in WinogradTiling tiling, int block, float* m, int rowsPerElement, int count,
        int row0, float* bias, float* dst)
    {
        var plane = (long)tiling.D * tiling.H * tiling.W;
        var elementStride = WinogradTiling.ElementStride(rowsPerElement);
        var segments = tiling.SegmentCount(block);
        for (var i = 0; i < count; i++)
        {
            var b = Vector512.Create(bias == null ? 0f : bias[row0 + i]);
            for (var s = 0; s < segments; s++)
                Segment(tiling, tiling.Segment(block, s), m + i * WinogradTiling.Lanes, elementStride, b,
                    dst + (row0 + i) * plane);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Segment(in WinogradTiling t, WinogradSegment seg, float* m, long es, Vector512<float> bias, float* dst)
    {
        for (var q = 0; q * 16 < seg.Count; q++)
        {
            var p = m + seg.Lane + q * 16;
            // z accumulators [oz][oy][ox]
            Vector512<float> z000 = default, z001 = default, z010 = default, z011 = default;
            Vector512<float> z100 = default, z101 = default, z110 = default, z111 = default;
            for (var ez = 0; ez < 4; ez++)
            {
                var pe = p + ez * 16 * es;
                // Along x, then y, for this ez: four values (oy, ox).
                Collapse(pe, es, out var r00, out var r01);
                Collapse(pe + 4 * es, es, out var r10, out var r11);
                Collapse(pe + 8 * es, es, out var r20, out var r21);
                Collapse(pe + 12 * es, es, out var r30, out var r31);
                var y00 = r00 + r10 + r20;
                var y01 = r01 + r11 + r21;
                var y10 = r10 - r20 - r30;
                var y11 = r11 - r21 - r31;
                // Along z: oz 0 takes ez 0, 1, 2; oz 1 takes ez 1, −2, −3.
                if (ez < 3) { z000 += y00; z001 += y01; z010 += y10; z011 += y11; }
                if (ez == 1) { z100 += y00; z101 += y01; z110 += y10; z111 += y11; }
                else if (ez > 1) { z100 -= y00; z101 -= y01; z110 -= y10; z111 -= y11; }
            }
            var xs = 2 * (seg.Tx0 + q * 16);
            var nx = Math.Min(2 * Math.Min(16, seg.Count - q * 16), t.W - xs);
            var lowMask = WinogradVectors.FirstLanes(nx);
            var highMask = WinogradVectors.FirstLanes(nx - 16);
            Store(t, dst, 2 * seg.Tz, 2 * seg.Ty, xs, z000, z001, bias, lowMask, highMask);
            Store(t, dst, 2 * seg.Tz, 2 * seg.Ty + 1, xs, z010, z011, bias, lowMask, highMask);
            Store(t, dst, 2 * seg.Tz + 1, 2 * seg.Ty, xs, z100, z101, bias, lowMask, highMask);
            Store(t, dst, 2 * seg.Tz + 1, 2 * seg.Ty + 1, xs, z110, z111, bias, lowMask, highMask);
        }
    }

    /// <summary>Aᵀ along x of the four elements ex = 0..3 at p, p + es, p + 2es, p + 3es.</summary>
    private static void Collapse(float* p, long es, out Vector512<float> x0, out Vector512<float> x1)
    {
        var m0 = Vector512.Load(p);
        var m1 = Vector512.Load(p + es);
        var m2 = Vector512.Load(p + 2 * es);
        var m3 = Vector512.Load(p + 3 * es);
        x0 = m0 + m1 + m2;
        x1 = m1 - m2 - m3;
    }

    private static void Store(in WinogradTiling t, float* dst, int z, int y, int xs, Vector512<float> even,
        Vector512<float> odd, Vector512<float> bias, Vector512<float> lowMask, Vector512<float> highMask)
    {
        if (z >= t.D || y >= t.H) return;
        var row = dst + ((long)z * t.H + y) * t.W + xs;
        Avx512F.MaskStore(row, lowMask, Avx512F.PermuteVar16x32x2(even, WinogradVectors.InterleaveLow, odd) + bias);
        Avx512F.MaskStore(row + 16, highMask, Avx512F.PermuteVar16x32x2(even, WinogradVectors.InterleaveHigh, odd) + bias);
    }
}
