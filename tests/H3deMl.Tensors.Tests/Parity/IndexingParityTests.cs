namespace H3deMl.Tensors.Tests.Parity;

/// <summary>Gather, BatchedIndexSelect, TopK and Where against PyTorch (repeated indices check gradient accumulation).</summary>
public sealed class IndexingParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "gather", MemberType = typeof(ParityFixtures))]
    public void Gather_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("gather", caseName, (c, x) => Functional.Gather(x["x"], c.Int("axis"), x.Index("index")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "batched_index_select", MemberType = typeof(ParityFixtures))]
    public void BatchedIndexSelect_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("batched_index_select", caseName, (_, x) => Functional.BatchedIndexSelect(x["x"], x.Index("index")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "topk", MemberType = typeof(ParityFixtures))]
    public void TopK_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("topk", caseName, (c, x) =>
        {
            var (values, indices) = Functional.TopK(x["x"], c.Int("k"), c.Int("axis"), c.Bool("largest"));
            return new ParityOutputs { { "values", values }, { "indices", indices } };
        });

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "where", MemberType = typeof(ParityFixtures))]
    public void Where_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("where", caseName, (_, x) => Functional.Where(x["condition"], x["a"], x["b"]));
}
