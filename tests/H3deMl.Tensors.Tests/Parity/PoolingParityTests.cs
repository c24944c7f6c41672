namespace H3deMl.Tensors.Tests.Parity;

/// <summary>AvgPool3d and trilinear ×2 upsampling (align_corners = false) against PyTorch.</summary>
public sealed class PoolingParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "avg_pool3d", MemberType = typeof(ParityFixtures))]
    public void AvgPool3d_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("avg_pool3d", caseName, (c, x) =>
        {
            int k = c.Int("kernel"), s = c.Int("stride"), p = c.Int("padding");
            var include = c.Bool("count_include_pad");
            // The defaults (kernel 3, stride 2, padding 1, count_include_pad) go through the default arguments.
            return k == 3 && s == 2 && p == 1 && include
                ? Functional.AvgPool3d(x["x"])
                : Functional.AvgPool3d(x["x"], k, s, p, include);
        });

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "upsample_trilinear", MemberType = typeof(ParityFixtures))]
    public void UpsampleTrilinear_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("upsample_trilinear", caseName, (c, x) => Functional.UpsampleTrilinear(x["x"], c.Int("scale")));
}
