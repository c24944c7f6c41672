namespace H3deMl.Tensors.Tests.Parity;

/// <summary>Concat, Split and constant Pad against PyTorch.</summary>
public sealed class ShapeOpsParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "concat", MemberType = typeof(ParityFixtures))]
    public void Concat_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("concat", caseName, (c, x) => Functional.Concat(x.Numbered("x", c.Int("count")), c.Int("axis")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "split", MemberType = typeof(ParityFixtures))]
    public void Split_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("split", caseName, (c, x) =>
        {
            var pieces = Functional.Split(x["x"], c.Int("axis"), c.Ints("sizes"));
            var outputs = new ParityOutputs();
            for (var i = 0; i < pieces.Length; i++) outputs.Add("out" + i, pieces[i]);
            return outputs;
        });

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "pad", MemberType = typeof(ParityFixtures))]
    public void Pad_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("pad", caseName, (c, x) =>
            c.Float("value") == 0f ? Functional.Pad(x["x"], c.Ints("padding")) : Functional.Pad(x["x"], c.Ints("padding"), c.Float("value")));
}
