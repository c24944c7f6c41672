using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The transform the weight gradient applies to the output gradient: the transpose of the output transform,
/// dM = A·dy·Aᵀ along each axis with A = Aᵀᵀ, taking each 2×2×2 tile of dy (zero outside the volume) to 4×4×4
/// elements: along one axis (g0, g1) ↦ (g0, g0 + g1, g0 − g1, −g1).
/// </summary>
internal static unsafe class WinogradOutputGradient
{
    /// <summary>
    /// Fills dM[e − 16·ez][o][lane] for the 16 elements of z index <paramref name="ez"/>, o &lt; <paramref name="m"/>
    /// and the lanes of <paramref name="block"/>'s tiles (element stride <paramref name="elementStride"/>) from dy[o, z, y, x].
    /// Lanes past the block's tiles are not written.
    /// </summary>
    internal static void Transform(in WinogradTiling tiling, int block, float* dy, int m, float* dm, long elementStride, int ez)
    {
        var plane = (long)tiling.D * tiling.H * tiling.W;
        var segments = tiling.SegmentCount(block);
        // Along z: ez 0 takes g0, 1 takes g0 + g1, 2 takes g0 − g1, 3 takes −g1.
        var c0 = Vector512.Create(ez < 3 ? 1f : 0f);
        var c1 = Vector512.Create(ez == 0 ? 0f : ez == 1 ? 1f : -1f);
        for (var o = 0; o < m; o++)
        for (var s = 0; s < segments; s++)
            Segment(tiling, tiling.Segment(block, s), dy + o * plane, dm + (long)o * WinogradTiling.Lanes, elementStride, c0, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Segment(in WinogradTiling t, WinogradSegment seg, float* dy, float* dm, long es,
        Vector512<float> c0, Vector512<float> c1)
    {
        var zero = Vector512<float>.Zero;
        for (var q = 0; q * 16 < seg.Count; q++)
        {
            var xs = 2 * (seg.Tx0 + q * 16);
            var x = WinogradVectors.Iota + Vector512.Create((float)xs);
            var width = Vector512.Create((float)t.W);
            var lowMask = Vector512.LessThan(x, width);
            var highMask = Vector512.LessThan(x + Vector512.Create(16f), width);
            // Rows (iy) after the z combination, split into even (g0) and odd (g1) x positions.
            Vector512<float> e0 = zero, o0 = zero, e1 = zero, o1 = zero;
            for (var iy = 0; iy < 2; iy++)
            {
                var y = 2 * seg.Ty + iy;
                var row = zero;
                var rowHigh = zero;
                for (var iz = 0; iz < 2; iz++)
                {
                    var z = 2 * seg.Tz + iz;
                    if (z >= t.D || y >= t.H) continue;
                    var p = dy + ((long)z * t.H + y) * t.W + xs;
                    var c = iz == 0 ? c0 : c1;
                    row += c * Avx512F.MaskLoad(p, lowMask, zero);
                    rowHigh += c * Avx512F.MaskLoad(p + 16, highMask, zero);
                }
                var even = Avx512F.PermuteVar16x32x2(row, WinogradVectors.Even, rowHigh);
                var odd = Avx512F.PermuteVar16x32x2(row, WinogradVectors.Odd, rowHigh);
                if (iy == 0) { e0 = even; o0 = odd; }
                else { e1 = even; o1 = odd; }
            }
            var mask = WinogradVectors.FirstLanes(seg.Count - q * 16);
            var lane = dm + seg.Lane + q * 16;
            // Along y then x: (ey, ex) = e − 16·ez.
            Put(lane, es, 0, e0, o0, mask);
            Put(lane, es, 4, e0 + e1, o0 + o1, mask);
            Put(lane, es, 8, e0 - e1, o0 - o1, mask);
            Put(lane, es, 12, -e1, -o1, mask);
        }
    }

    private static void Put(float* lane, long es, int first, Vector512<float> g0, Vector512<float> g1, Vector512<float> mask)
    {
        Avx512F.MaskStore(lane + first * es, mask, g0);
        Avx512F.MaskStore(lane + (first + 1) * es, mask, g0 + g1);
        Avx512F.MaskStore(lane + (first + 2) * es, mask, g0 - g1);
        Avx512F.MaskStore(lane + (first + 3) * es, mask, -g1);
    }
}
