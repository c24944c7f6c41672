namespace H3deMl.Tensors.Tests.Parity;

/// <summary>
/// Conv3d (dense, grouped, depthwise; kernel 1/3/5; stride 1/2; padding 0/1/2; per-axis stride and padding; with and
/// without bias; non-contiguous input) against PyTorch: output and the input, weight and bias gradients.
/// </summary>
public sealed class Conv3dParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "conv3d", MemberType = typeof(ParityFixtures))]
    public void Conv3d_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("conv3d", caseName, (c, x) =>
        {
            var s = c.Ints("stride");
            var p = c.Ints("padding");
            var groups = c.Int("groups");
            var bias = x.Optional("bias");
            if (c.Bool("scalar_overload"))
            {
                Assert.True(s.All(v => v == s[0]) && p.All(v => v == p[0]), "the scalar overload needs equal strides and paddings");
                return groups == 1 && s[0] == 1 && p[0] == 0
                    ? Functional.Conv3d(x["x"], x["weight"], bias)
                    : Functional.Conv3d(x["x"], x["weight"], bias, stride: s[0], padding: p[0], groups: groups);
            }
            return Functional.Conv3d(x["x"], x["weight"], bias, (s[0], s[1], s[2]), (p[0], p[1], p[2]), groups);
        });
}
