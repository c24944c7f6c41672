using H3deMl.Tensors.Kernels;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.TestKit;

namespace H3deMl.Tensors.Tests.Kernels;

public sealed class Conv3dTests
{
    public static TheoryData<int> AllWidths() => KernelTestData.WidthData();

    /// <summary>Forward, input gradient, weight gradient and bias gradient in double precision, by definition.</summary>
    internal static void Reference(in Conv3dGeometry g, float[] x, float[] w, float[]? bias, float[] dy,
        out double[] y, out double[] dx, out double[] dw, out double[] db)
    {
        y = new double[g.OutputLength];
        dx = new double[g.InputLength];
        dw = new double[g.WeightLength];
        db = new double[g.OutChannels];
        int od = g.OD, oh = g.OH, ow = g.OW, cig = g.InPerGroup, cog = g.OutPerGroup;
        for (var n = 0; n < g.Batch; n++)
        for (var co = 0; co < g.OutChannels; co++)
        {
            var grp = co / cog;
            for (var z = 0; z < od; z++)
            for (var yy = 0; yy < oh; yy++)
            for (var xx = 0; xx < ow; xx++)
            {
                var oi = (((n * g.OutChannels + co) * od + z) * oh + yy) * ow + xx;
                double s = bias is null ? 0 : bias[co];
                double gv = dy[oi];
                db[co] += gv;
                for (var ci = 0; ci < cig; ci++)
                {
                    var cin = grp * cig + ci;
                    for (var kd = 0; kd < g.KD; kd++)
                    {
                        var iz = z * g.SD - g.PD + kd;
                        if ((uint)iz >= (uint)g.D) continue;
                        for (var kh = 0; kh < g.KH; kh++)
                        {
                            var iy = yy * g.SH - g.PH + kh;
                            if ((uint)iy >= (uint)g.H) continue;
                            for (var kw = 0; kw < g.KW; kw++)
                            {
                                var ix = xx * g.SW - g.PW + kw;
                                if ((uint)ix >= (uint)g.W) continue;
                                var xi = (((n * g.InChannels + cin) * g.D + iz) * g.H + iy) * g.W + ix;
                                var wi = (((co * cig + ci) * g.KD + kd) * g.KH + kh) * g.KW + kw;
                                s += (double)x[xi] * w[wi];
                                dx[xi] += gv * w[wi];
                                dw[wi] += gv * x[xi];
                            }
                        }
                    }
                }
                y[oi] = s;
            }
        }
    }

    internal static Conv3dGeometry Geo(int n, int cin, int d, int h, int w, int cout, int k, int s, int p, int groups) =>
        new(n, cin, d, h, w, cout, k, k, k, s, s, s, p, p, p, groups);

    private static void Check(SimdWidth width, Conv3dGeometry g, bool withBias, int seed, bool winograd = true)
    {
        var x = KernelTestData.Random(g.InputLength, seed);
        var w = KernelTestData.Random(g.WeightLength, seed + 1);
        var bias = withBias ? KernelTestData.Random(g.OutChannels, seed + 2) : null;
        var dy = KernelTestData.Random(g.OutputLength, seed + 3);
        Reference(g, x, w, bias, dy, out var ey, out var edx, out var edw, out var edb);
        // Garbage in the outputs proves the kernels overwrite.
        var y = KernelTestData.Random(g.OutputLength, 99);
        var dx = KernelTestData.Random(g.InputLength, 98);
        var dw = KernelTestData.Random(g.WeightLength, 97);
        var db = KernelTestData.Random(g.OutChannels, 96);
        KernelTestData.WithWidth(width, () => KernelTestData.WithWinograd(winograd, () =>
        {
            Conv3dKernels.Forward(g, x, w, bias ?? [], y);
            Conv3dKernels.BackwardInput(g, dy, w, dx);
            Conv3dKernels.BackwardWeight(g, x, dy, dw, withBias ? db : []);
        }));
        var ctx = $"{width} {g} bias={withBias} winograd={winograd}";
        var tol = 2e-5 * Math.Sqrt(g.InPerGroup * g.KernelVolume) + 1e-5;
        Tolerance.AssertClose(y, ey, tol, "forward " + ctx, scaleFraction: 0.1);
        Tolerance.AssertClose(dx, edx, tol * 2, "input grad " + ctx, scaleFraction: 0.1);
        Tolerance.AssertClose(dw, edw, 1e-4 + 2e-5 * Math.Sqrt(g.Batch * g.OD * g.OH * g.OW), "weight grad " + ctx, scaleFraction: 0.1);
        if (withBias) Tolerance.AssertClose(db, edb, 1e-4, "bias grad " + ctx, scaleFraction: 0.1);
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Conv3d_DenseKernelsStridesPaddings_MatchDoubleReference(int width)
    {
        var seed = 10;
        foreach (var k in new[] { 1, 3, 5 })
        foreach (var s in new[] { 1, 2 })
        foreach (var p in new[] { 0, 1, 2 })
        {
            if (k == 1 && p > 0) continue;
            var g = Geo(2, 3, 7, 6, 9, 5, k, s, p, 1);
            if (g.OD <= 0 || g.OH <= 0 || g.OW <= 0) continue;
            Check((SimdWidth)width, g, withBias: (k + s + p) % 2 == 0, seed++);
        }
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Conv3d_GroupsAndOddShapes_MatchDoubleReference(int width)
    {
        var w = (SimdWidth)width;
        Check(w, Geo(2, 4, 5, 4, 3, 6, 3, 1, 1, 2), true, 1);
        Check(w, Geo(1, 6, 5, 7, 4, 4, 3, 2, 1, 2), false, 2);
        Check(w, Geo(1, 1, 1, 1, 1, 1, 1, 1, 0, 1), true, 3);
        Check(w, Geo(1, 1, 9, 8, 17, 7, 3, 2, 1, 1), true, 4);                 // Cin = 1, stride 2 (stem)
        Check(w, Geo(1, 9, 3, 4, 5, 1, 3, 1, 1, 1), false, 5);                 // Cout = 1
        Check(w, new Conv3dGeometry(1, 2, 5, 6, 7, 3, 1, 3, 2, 1, 2, 1, 0, 1, 0, 1), true, 6); // anisotropic
        Check(w, Geo(1, 40, 6, 5, 20, 37, 3, 1, 1, 1), true, 7);               // several GEMM tiles, K > 256
        Check(w, Geo(1, 3, 4, 4, 4, 2, 5, 1, 4, 1), false, 8);                 // padding ≥ kernel − 1
        Check(w, Geo(1, 5, 4, 3, 45, 11, 3, 1, 1, 1), true, 9);               // rows wider than a panel, partial panel
        Check(w, Geo(1, 3, 3, 2, 64, 9, 3, 1, 1, 1), false, 10);              // rows a multiple of every panel width
        Check(w, Geo(2, 20, 4, 5, 6, 17, 3, 1, 1, 1), true, 11);              // narrow planes, many output channels
        Check(w, Geo(1, 6, 6, 6, 10, 16, 3, 2, 1, 1), true, 12);              // narrow, stride 2
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Conv3d_ChannelVectorTiles_MatchDoubleReference(int width)
    {
        // Winograd off (it would take most of these). With Vector512, output (or input-gradient) channel counts that are
        // multiples of 16 take the channel-vector direct kernels: 16 (kernel rows), 32, 48, 64 and multiples of 64,
        // several KC blocks, planes computed together.
        var w = (SimdWidth)width;
        Check(w, Geo(1, 5, 4, 6, 30, 16, 3, 1, 1, 1), true, 31, winograd: false);              // 16 channels, rows of 3 taps
        Check(w, Geo(1, 16, 5, 4, 12, 32, 3, 1, 1, 1), false, 32, winograd: false);            // 32 forward, 16 input gradient
        Check(w, Geo(2, 48, 3, 4, 9, 64, 3, 1, 1, 1), true, 33, winograd: false);              // 64 and 48, K > KC, small planes together
        Check(w, Geo(1, 7, 9, 5, 8, 128, 3, 1, 1, 1), true, 34, winograd: false);              // two 64-channel blocks, ring across chunks
        Check(w, Geo(1, 4, 5, 6, 24, 32, 5, 1, 2, 1), false, 35, winograd: false);             // kernel 5
        Check(w, Geo(1, 32, 4, 5, 20, 32, 3, 1, 1, 2), true, 36, winograd: false);             // groups of 16
        Check(w, new Conv3dGeometry(1, 16, 4, 6, 20, 16, 1, 3, 3, 1, 1, 1, 0, 1, 1, 1), true, 37, winograd: false); // 1×3×3
        Check(w, Geo(1, 3, 3, 4, 20, 16, 5, 1, 2, 1), true, 38, winograd: false);              // 16 channels, kernel 5: column-vector path
        // Narrow planes with channel counts the channel kernels take: the packed GEMM instead.
        Check(w, Geo(1, 10, 4, 5, 4, 64, 3, 1, 1, 1), true, 42, winograd: false);
        Check(w, Geo(1, 48, 4, 3, 6, 32, 3, 1, 1, 1), false, 43, winograd: false);
        // Weight gradients of rows at least 16 wide with 32, 48, 64 and 128 output channels (a partial row group).
        Check(w, Geo(1, 6, 4, 5, 18, 32, 3, 1, 1, 1), true, 39, winograd: false);
        Check(w, Geo(2, 5, 3, 4, 16, 48, 3, 1, 1, 1), false, 40, winograd: false);
        Check(w, Geo(1, 9, 5, 3, 20, 128, 3, 1, 1, 1), true, 41, winograd: false);
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Conv3d_WinogradShapes_MatchDoubleReference(int width)
    {
        // With Vector512, ungrouped 3×3×3 stride-1 padding-1 convolutions with at least 16 outputs and 16 reduction
        // channels, 768 pairs (forward: Cout, Cin; input gradient: Cin, Cout) run as Winograd F(2×2×2, 3×3×3).
        var w = (SimdWidth)width;
        Check(w, Geo(1, 64, 5, 7, 9, 40, 3, 1, 1, 1), true, 51);             // odd sizes, partial last panel of outputs
        Check(w, Geo(2, 72, 4, 3, 70, 64, 3, 1, 1, 1), false, 52);           // rows of 35 tiles: two blocks per row
        Check(w, Geo(1, 300, 3, 4, 6, 33, 3, 1, 1, 1), true, 53);            // two channel chunks, one block split by outputs
        Check(w, Geo(1, 64, 2, 2, 2, 264, 3, 1, 1, 1), true, 54);            // a single tile; input gradient over 264 channels
        Check(w, Geo(1, 64, 1, 1, 1, 32, 3, 1, 1, 1), true, 55);             // one voxel: three quarters of the tile outside
        Check(w, Geo(1, 96, 6, 10, 8, 64, 3, 1, 1, 1), false, 56);           // rows of 4 tiles, several rows per block
        // Weight gradients summed block by block (at least 8 blocks of 32 tiles): blocks of 28 tiles, odd sizes,
        // partial panels; rows of 33 tiles (a block of one tile); two batch items summed.
        Check(w, Geo(1, 40, 9, 11, 13, 24, 3, 1, 1, 1), true, 57);
        Check(w, Geo(2, 33, 6, 6, 66, 48, 3, 1, 1, 1), false, 58);
        // Weight gradients of few tiles (at most 4 blocks over the batch) in one pass: two batch items in one block.
        Check(w, Geo(2, 40, 3, 5, 6, 48, 3, 1, 1, 1), true, 59);
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Conv3d_Depthwise_MatchesDoubleReference(int width)
    {
        var w = (SimdWidth)width;
        Check(w, Geo(2, 4, 6, 5, 19, 4, 5, 1, 2, 4), true, 21);
        Check(w, Geo(1, 3, 4, 4, 16, 3, 3, 1, 1, 3), true, 22);
        Check(w, Geo(1, 5, 3, 3, 3, 5, 3, 1, 0, 5), false, 23);
        Check(w, Geo(1, 4, 7, 6, 5, 4, 3, 2, 1, 4), true, 24);                 // stride 2 depthwise: generic path
        Check(w, Geo(2, 2, 5, 5, 33, 2, 1, 1, 0, 2), true, 25);
    }

    [Fact]
    public void Conv3d_ShortOutput_Throws()
    {
        var g = Geo(1, 1, 3, 3, 3, 1, 3, 1, 1, 1);
        Assert.Throws<ArgumentException>(() => Conv3dKernels.Forward(g, new float[27], new float[27], [], new float[26]));
    }
}

[Collection(ThreadSettingsCollection.Name)]
public sealed class Conv3dDeterminismTests
{
    [Theory]
    [InlineData(1, 8, 12, 16, 40, 16, 3, 1, 1, 1)]
    [InlineData(1, 1, 16, 16, 24, 8, 3, 2, 1, 1)]
    [InlineData(2, 12, 8, 8, 16, 12, 5, 1, 2, 12)]
    [InlineData(1, 64, 4, 4, 4, 32, 3, 1, 1, 1)]
    [InlineData(1, 48, 7, 5, 9, 64, 3, 1, 1, 1)]
    [InlineData(1, 16, 6, 5, 26, 16, 3, 1, 1, 1)]
    [InlineData(1, 7, 6, 5, 17, 64, 3, 1, 1, 1)]
    [InlineData(1, 96, 8, 8, 4, 64, 3, 1, 1, 1)]
    public void Conv3d_OneVersusTwoThreads_BitIdentical(int n, int cin, int d, int h, int w, int cout, int k, int s, int p, int groups)
    {
        var g = Conv3dTests.Geo(n, cin, d, h, w, cout, k, s, p, groups);
        var x = KernelTestData.Random(g.InputLength, 1);
        var wt = KernelTestData.Random(g.WeightLength, 2);
        var b = KernelTestData.Random(g.OutChannels, 3);
        var dy = KernelTestData.Random(g.OutputLength, 4);
        float[][] Run(int threads, bool winograd)
        {
            var y = new float[g.OutputLength];
            var dx = new float[g.InputLength];
            var dw = new float[g.WeightLength];
            var db = new float[g.OutChannels];
            KernelTestData.WithThreads(threads, () => KernelTestData.WithWinograd(winograd, () =>
            {
                Conv3dKernels.Forward(g, x, wt, b, y);
                Conv3dKernels.BackwardInput(g, dy, wt, dx);
                Conv3dKernels.BackwardWeight(g, x, dy, dw, db);
            }));
            return [y, dx, dw, db];
        }
        foreach (var winograd in new[] { true, false })
        {
            var one = Run(1, winograd);
            var two = Run(2, winograd);
            for (var i = 0; i < one.Length; i++)
                Tolerance.AssertBitIdentical(two[i], one[i], $"output {i}, {g}, winograd={winograd}");
        }
    }
}
