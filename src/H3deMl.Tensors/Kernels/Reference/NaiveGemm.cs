namespace H3deMl.Tensors.Kernels.Reference;

/// <summary>The textbook triple loop: the baseline for tests and benchmarks of <see cref="Gemm"/>.</summary>
internal static class NaiveGemm
{
    /// <summary>See <see cref="Gemm.Sgemm"/>; sums in float, k in order.</summary>
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

    /// <summary>The same product accumulated in double precision (test reference).</summary>
    internal static void SgemmDouble(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<double> c, int ldc, bool accumulate)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0d;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[p * lda + i] : a[i * lda + p];
                    var bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    s += (double)av * bv;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + s : s;
            }
        }
    }
}
