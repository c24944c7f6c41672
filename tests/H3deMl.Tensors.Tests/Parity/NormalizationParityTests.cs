namespace H3deMl.Tensors.Tests.Parity;

/// <summary>InstanceNorm (no affine) and LayerNorm (last axis, optional affine) against PyTorch.</summary>
public sealed class NormalizationParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "instance_norm", MemberType = typeof(ParityFixtures))]
    public void InstanceNorm_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("instance_norm", caseName, (c, x) => Functional.InstanceNorm(x["x"], c.Float("eps")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "layer_norm", MemberType = typeof(ParityFixtures))]
    public void LayerNorm_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("layer_norm", caseName, (c, x) => Functional.LayerNorm(x["x"], x.Optional("weight"), x.Optional("bias"), c.Float("eps")));
}
