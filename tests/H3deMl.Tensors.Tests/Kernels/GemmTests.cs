using H3deMl.Tensors.Kernels;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Kernels.Reference;
using H3deMl.TestKit;

namespace H3deMl.Tensors.Tests.Kernels;

public sealed class GemmTests
{
    public static TheoryData<int> AllWidths() => KernelTestData.WidthData();

    private static void Check(SimdWidth w, bool ta, bool tb, int m, int n, int k, bool accumulate, int pad = 0, int seed = 1)
    {
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        var a = KernelTestData.Random(Math.Max(1, (ta ? k : m) * lda), seed);
        var b = KernelTestData.Random(Math.Max(1, (tb ? n : k) * ldb), seed + 1);
        var c = KernelTestData.Random(Math.Max(1, m * ldc), seed + 2);
        var expected = new double[c.Length];
        for (var i = 0; i < c.Length; i++) expected[i] = c[i];
        NaiveGemm.SgemmDouble(ta, tb, m, n, k, a, lda, b, ldb, expected, ldc, accumulate);
        KernelTestData.WithWidth(w, () => Gemm.Sgemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate));
        Tolerance.AssertClose(c, expected, 1e-5 * Math.Sqrt(Math.Max(k, 1)) + 1e-6,
            $"w={w} ta={ta} tb={tb} m={m} n={n} k={k} acc={accumulate}", scaleFraction: 0.1);
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Sgemm_EdgeSizesAllTransposes_MatchesDoubleReference(int width)
    {
        var w = (SimdWidth)width;
        int[] sizes = [0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 47, 64, 70];
        var seed = 0;
        foreach (var ta in new[] { false, true })
        foreach (var tb in new[] { false, true })
        {
            foreach (var m in sizes)
            foreach (var n in new[] { 1, 4, 13, 32, 33, 65, 70 })
                Check(w, ta, tb, m, n, 19, accumulate: (m + n) % 2 == 0, pad: m % 3, seed: seed++);
            foreach (var k in new[] { 0, 1, 3, 15, 16, 17, 255, 256, 257, 600 })
                Check(w, ta, tb, 11, 37, k, accumulate: k % 2 == 1, pad: 1, seed: seed++);
        }
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Sgemm_LargerThanCacheBlocks_MatchesDoubleReference(int width)
    {
        var w = (SimdWidth)width;
        Check(w, false, false, 203, 1100, 300, false);
        Check(w, true, true, 130, 70, 520, true);
        Check(w, false, true, 1, 2100, 77, false);
        Check(w, true, false, 300, 1, 40, true);
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void SgemmBatched_SmallMatrices_MatchesPerMatrixReference(int width)
    {
        var w = (SimdWidth)width;
        const int batch = 5, m = 13, n = 9, k = 8;
        var a = KernelTestData.Random(batch * m * k, 3);
        var b = KernelTestData.Random(batch * k * n, 4);
        var c = new float[batch * m * n];
        KernelTestData.WithWidth(w, () =>
            Gemm.SgemmBatched(batch, false, true, m, n, k, a, k, m * k, b, k, k * n, c, n, m * n, false));
        var expected = new double[c.Length];
        for (var i = 0; i < batch; i++)
            NaiveGemm.SgemmDouble(false, true, m, n, k, a.AsSpan(i * m * k), k, b.AsSpan(i * k * n), k,
                expected.AsSpan(i * m * n), n, false);
        Tolerance.AssertClose(c, expected, 1e-5, $"w={w}", scaleFraction: 0.1);
    }

    [Fact]
    public void Sgemm_ShortBuffer_Throws()
    {
        var a = new float[5];
        var b = new float[6];
        var c = new float[6];
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 3, 3, a, 3, b, 3, c, 3, false));
    }
}

[Collection(ThreadSettingsCollection.Name)]
public sealed class GemmDeterminismTests
{
    [Theory]
    [InlineData(false, false, 300, 517, 700)]
    [InlineData(true, false, 1000, 40, 300)]
    [InlineData(false, true, 64, 2000, 513)]
    public void Sgemm_OneVersusTwoThreads_BitIdentical(bool ta, bool tb, int m, int n, int k)
    {
        var a = KernelTestData.Random(m * k, 7);
        var b = KernelTestData.Random(k * n, 8);
        var c1 = new float[m * n];
        var c2 = new float[m * n];
        KernelTestData.WithThreads(1, () => Gemm.Sgemm(ta, tb, m, n, k, a, ta ? m : k, b, tb ? k : n, c1, n, false));
        KernelTestData.WithThreads(2, () => Gemm.Sgemm(ta, tb, m, n, k, a, ta ? m : k, b, tb ? k : n, c2, n, false));
        Tolerance.AssertBitIdentical(c2, c1, "threads 2 vs 1");
    }
}
