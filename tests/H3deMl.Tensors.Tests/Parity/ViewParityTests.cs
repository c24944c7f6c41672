namespace H3deMl.Tensors.Tests.Parity;

/// <summary>Views (reshape, permute, transpose, slice, unsqueeze, squeeze) and their gradient routing against PyTorch.</summary>
public sealed class ViewParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "reshape", MemberType = typeof(ParityFixtures))]
    public void Reshape_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("reshape", caseName, (c, x) => x["x"].Reshape(c.Ints("shape")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "permute", MemberType = typeof(ParityFixtures))]
    public void Permute_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("permute", caseName, (c, x) => x["x"].Permute(c.Ints("axes")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "transpose", MemberType = typeof(ParityFixtures))]
    public void Transpose_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("transpose", caseName, (c, x) => x["x"].Transpose(c.Int("axis0"), c.Int("axis1")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "slice", MemberType = typeof(ParityFixtures))]
    public void Slice_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("slice", caseName, (c, x) => x["x"].Slice(c.Int("axis"), c.Int("start"), c.Int("length")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "unsqueeze", MemberType = typeof(ParityFixtures))]
    public void Unsqueeze_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("unsqueeze", caseName, (c, x) => x["x"].Unsqueeze(c.Int("axis")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "squeeze", MemberType = typeof(ParityFixtures))]
    public void Squeeze_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("squeeze", caseName, (c, x) => x["x"].Squeeze(c.Int("axis")));
}
