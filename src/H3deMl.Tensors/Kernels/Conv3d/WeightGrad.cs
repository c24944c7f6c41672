using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// dW[co, kk] += Σ_j dY[co, j]·B[kk, j] over the output positions j, with B the (implicit) im2col matrix. Positions
/// are cut into fixed-size tiles; for each tile the rows of B are materialised (contiguous, zero-padded) and 4×4
/// blocks of dot products are summed lane-wise, reduced, and added to dW in tile order. Threads split the kk rows
/// in blocks of 4, so every dW element is computed by one thread in an order that depends only on the sizes.
/// </summary>
internal static unsafe class WeightGrad
{
    /// <summary>
    /// The tile length (a multiple of 16) for m rows of dY and P positions, a function of the sizes only: the dY tile
    /// (m × tile) stays in L2 while the rows of B stream through L1 four at a time.
    /// </summary>
    internal static int TileLength(int m, int positions)
    {
        var pt = Math.Clamp((1 << 17) / Math.Max(m, 1) / 16 * 16, 256, 8192);
        return Math.Min(pt, (positions + 15) / 16 * 16);
    }

    internal static void Accumulate(SimdWidth w, int threads, int m, float* dy, in ConvSource source, float* dw)
    {
        var k = source.Rows;
        var p = source.Columns;
        if (m == 0 || k == 0 || p == 0) return;
        var op = new Band(w, m, dy, source, dw, TileLength(m, p));
        var units = (k + 3) / 4;
        var macs = (long)m * k * p;
        if (threads <= 1 || macs < (1L << 20)) op.Invoke(0, units);
        else ParallelRange.For(units, 1, op);
    }

    private readonly struct Band(SimdWidth w, int m, float* dy, ConvSource source, float* dw, int tile) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var k = source.Rows;
            var p = source.Columns;
            var r0 = start * 4;
            var r1 = Math.Min(end * 4, k);
            var col = ScratchBuffers.Get(2, 4L * tile);
            var dyTail = ScratchBuffers.Get(3, (long)m * tile);
            var seg = (int*)ScratchBuffers.Get(4, ConvSegments.Capacity(tile, int.MaxValue));
            var sums = stackalloc float[16];
            for (var p0 = 0; p0 < p; p0 += tile)
            {
                var len = Math.Min(tile, p - p0);
                var lenV = (len + 15) / 16 * 16;
                var nseg = ConvSegments.Build(source, p0, len, int.MaxValue, 0, seg);
                float* a;
                nint lda;
                if (len == lenV)
                {
                    a = dy + p0;
                    lda = p;
                }
                else
                {
                    for (var i = 0; i < m; i++)
                    {
                        var dst = dyTail + (long)i * lenV;
                        new Span<float>(dy + (long)i * p + p0, len).CopyTo(new Span<float>(dst, len));
                        for (var j = len; j < lenV; j++) dst[j] = 0f;
                    }
                    a = dyTail;
                    lda = lenV;
                }
                for (var j0 = r0; j0 < r1; j0 += 4)
                {
                    var nj = Math.Min(4, r1 - j0);
                    ConvSegments.Fill(source, j0, nj, seg, nseg, col, lenV);
                    if (len != lenV)
                        for (var j = 0; j < nj; j++)
                            for (var q = len; q < lenV; q++) col[j * lenV + q] = 0f;
                    for (var i0 = 0; i0 < m; i0 += 4)
                    {
                        var mi = Math.Min(4, m - i0);
                        var ap = a + i0 * lda;
                        var outp = dw + (long)i0 * k + j0;
                        if (mi == 4 && nj == 4)
                        {
                            Dot4x4(w, ap, lda, col, lenV, lenV, sums);
                            for (var i = 0; i < 4; i++)
                            for (var j = 0; j < 4; j++)
                                outp[(long)i * k + j] += sums[i * 4 + j];
                        }
                        else
                        {
                            for (var i = 0; i < mi; i++)
                            for (var j = 0; j < nj; j++)
                                outp[(long)i * k + j] += Dot(w, ap + i * lda, col + (long)j * lenV, lenV);
                        }
                    }
                }
            }
        }
    }

    private static void Dot4x4(SimdWidth w, float* a, nint lda, float* b, nint ldb, int len, float* sums)
    {
        switch (w)
        {
            case SimdWidth.V512: MicroKernels.Dot4x4_512(a, lda, b, ldb, len, sums); break;
            case SimdWidth.V256: MicroKernels.Dot4x4_256(a, lda, b, ldb, len, sums); break;
            case SimdWidth.V128: MicroKernels.Dot4x4_128(a, lda, b, ldb, len, sums); break;
            default:
                for (var i = 0; i < 4; i++)
                for (var j = 0; j < 4; j++)
                    sums[i * 4 + j] = Dot<SimdScalar, float>(a + i * lda, b + j * ldb, len);
                break;
        }
    }

    internal static float Dot(SimdWidth w, float* a, float* b, int len) => w switch
    {
        SimdWidth.V512 => Dot<Simd512, System.Runtime.Intrinsics.Vector512<float>>(a, b, len),
        SimdWidth.V256 => Dot<Simd256, System.Runtime.Intrinsics.Vector256<float>>(a, b, len),
        SimdWidth.V128 => Dot<Simd128, System.Runtime.Intrinsics.Vector128<float>>(a, b, len),
        _ => Dot<SimdScalar, float>(a, b, len),
    };

    /// <summary>Σ a[p]·b[p], lane-wise then reduced; len is a multiple of the lane count.</summary>
    private static float Dot<TOps, TV>(float* a, float* b, int len) where TOps : ISimdOps<TV> where TV : unmanaged
    {
        var s = TOps.Zero;
        for (var p = 0; p < len; p += TOps.Lanes) s = TOps.Fma(TOps.Load(a + p), TOps.Load(b + p), s);
        return TOps.Sum(s);
    }
}
