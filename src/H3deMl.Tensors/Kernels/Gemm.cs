namespace H3deMl.Tensors.Kernels;

/// <summary>Single-precision matrix multiplication on row-major matrices.</summary>
internal static class Gemm
{
    /// <summary>
    /// C = op(A)·op(B) (+ C when <paramref name="accumulate"/>), with op(A) of size m×k and op(B) of size k×n, all
    /// row-major: element (r, c) of A is a[r·lda + c] (or a[c·lda + r] when <paramref name="transA"/>).
    /// </summary>
    /// <remarks>The summation order over k is fixed by the sizes only, never by the thread count.</remarks>
    internal static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0f;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[p * lda + i] : a[i * lda + p];
                    var bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    s += av * bv;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + s : s;
            }
        }
    }

    /// <summary>
    /// <paramref name="batch"/> independent products, matrix i starting at i·stride in each buffer (see <see cref="Sgemm"/>).
    /// </summary>
    internal static void SgemmBatched(int batch, bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, int strideA, ReadOnlySpan<float> b, int ldb, int strideB,
        Span<float> c, int ldc, int strideC, bool accumulate)
    {
        for (var i = 0; i < batch; i++)
            Sgemm(transA, transB, m, n, k, a[(i * strideA)..], lda, b[(i * strideB)..], ldb, c[(i * strideC)..], ldc, accumulate);
    }
}
