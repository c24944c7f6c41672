using System.Diagnostics.CodeAnalysis;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels;

/// <summary>Single-precision matrix multiplication on row-major matrices.</summary>
internal static unsafe class Gemm
{
    /// <summary>Below this many multiply-adds a product runs on the calling thread.</summary>
    private const long MinParallelMacs = 1L << 18;

    /// <summary>
    /// C = op(A)·op(B) (+ C when <paramref name="accumulate"/>), with op(A) of size m×k and op(B) of size k×n, all
    /// row-major: element (r, c) of A is a[r·lda + c] (or a[c·lda + r] when <paramref name="transA"/>).
    /// </summary>
    /// <remarks>The summation order over k is fixed by the sizes only, never by the thread count.</remarks>
    internal static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
            Run(KernelIsa.Current, ComputeSettings.Threads, transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
    }

    /// <summary>
    /// <paramref name="batch"/> independent products, matrix i starting at i·stride in each buffer (see <see cref="Sgemm"/>).
    /// </summary>
    internal static void SgemmBatched(int batch, bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, int strideA, ReadOnlySpan<float> b, int ldb, int strideB,
        Span<float> c, int ldc, int strideC, bool accumulate)
    {
        if (batch < 0) ThrowArgument("The batch count is negative.");
        if (batch == 0 || m == 0 || n == 0) return;
        if (strideA < 0 || strideB < 0 || strideC < 0) ThrowArgument("A batch stride is negative.");
        var last = batch - 1;
        Validate(transA, transB, m, n, k,
            a.Length - (long)last * strideA, lda, b.Length - (long)last * strideB, ldb, c.Length - (long)last * strideC, ldc);
        var w = KernelIsa.Current;
        var threads = ComputeSettings.Threads;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var macs = (long)m * n * k;
            if (threads > 1 && batch > 1 && macs < (1L << 24))
            {
                var op = new BatchBand(w, transA, transB, m, n, k, pa, lda, strideA, pb, ldb, strideB, pc, ldc, strideC, accumulate);
                ParallelRange.For(batch, (int)Math.Max(1, MinParallelMacs / Math.Max(1, macs)), op);
                return;
            }
            for (var i = 0; i < batch; i++)
                Run(w, threads, transA, transB, m, n, k, pa + (long)i * strideA, lda, pb + (long)i * strideB, ldb,
                    pc + (long)i * strideC, ldc, accumulate);
        }
    }

    /// <summary>The unchecked entry point: pointers already validated for the given sizes.</summary>
    internal static void Run(SimdWidth w, int threads, bool transA, bool transB, int m, int n, int k,
        float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        var pa = new MatrixPackA(a, lda, transA, m);
        var pb = new MatrixPackB(b, ldb, transB, n);
        RunPacked(w, threads, m, n, k, pa, pb, c, ldc, accumulate);
    }

    /// <summary>Runs the blocked product over custom packers, split over rows or columns among threads.</summary>
    internal static void RunPacked<TA, TB>(SimdWidth w, int threads, int m, int n, int k, in TA pa, in TB pb,
        float* c, nint ldc, bool accumulate)
        where TA : struct, IPackA where TB : struct, IPackB
    {
        if (m <= 0 || n <= 0) return;
        var macs = (long)m * n * k;
        if (threads <= 1 || macs < MinParallelMacs)
        {
            GemmDriver.Run(w, 0, m, 0, n, k, pa, pb, c, ldc, accumulate);
            return;
        }
        var bl = GemmBlocking.For(w);
        var colUnits = (n + bl.Nr - 1) / bl.Nr;
        var rowUnits = (m + bl.Mr - 1) / bl.Mr;
        // A thread packs its own share of the split side and all of the other side, so split the larger side
        // (the smaller one is duplicated), unless it has too few micro-tiles to go round.
        var splitCols = m <= n ? colUnits >= threads || rowUnits < threads : rowUnits < threads;
        var band = new Band<TA, TB>(w, m, n, k, pa, pb, c, ldc, accumulate, splitCols, splitCols ? bl.Nr : bl.Mr);
        ParallelRange.For(splitCols ? colUnits : rowUnits, 1, band);
    }

    private readonly struct Band<TA, TB>(SimdWidth w, int m, int n, int k, TA pa, TB pb, float* c, nint ldc,
        bool accumulate, bool splitCols, int unit) : IRangeOperation
        where TA : struct, IPackA where TB : struct, IPackB
    {
        public void Invoke(int start, int end)
        {
            if (splitCols) GemmDriver.Run(w, 0, m, start * unit, Math.Min(end * unit, n), k, pa, pb, c, ldc, accumulate);
            else GemmDriver.Run(w, start * unit, Math.Min(end * unit, m), 0, n, k, pa, pb, c, ldc, accumulate);
        }
    }

    private readonly struct BatchBand(SimdWidth w, bool transA, bool transB, int m, int n, int k,
        float* a, int lda, int strideA, float* b, int ldb, int strideB, float* c, int ldc, int strideC, bool accumulate)
        : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var i = start; i < end; i++)
                Run(w, 1, transA, transB, m, n, k, a + (long)i * strideA, lda, b + (long)i * strideB, ldb,
                    c + (long)i * strideC, ldc, accumulate);
        }
    }

    private static void Validate(bool transA, bool transB, int m, int n, int k, long aLen, int lda, long bLen, int ldb,
        long cLen, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) ThrowArgument("A matrix dimension is negative.");
        if (m == 0 || n == 0) return;
        if (ldc < n) ThrowArgument("ldc is smaller than n.");
        if (cLen < Required(m, n, ldc)) ThrowArgument("C is too short for m, n and ldc.");
        if (k == 0) return;
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        if (lda < aCols) ThrowArgument("lda is smaller than the row length of A.");
        if (ldb < bCols) ThrowArgument("ldb is smaller than the row length of B.");
        if (aLen < Required(aRows, aCols, lda)) ThrowArgument("A is too short for its sizes and lda.");
        if (bLen < Required(bRows, bCols, ldb)) ThrowArgument("B is too short for its sizes and ldb.");
    }

    private static long Required(int rows, int cols, int ld) => (long)(rows - 1) * ld + cols;

    [DoesNotReturn]
    private static void ThrowArgument(string message) => throw new ArgumentException(message);
}
