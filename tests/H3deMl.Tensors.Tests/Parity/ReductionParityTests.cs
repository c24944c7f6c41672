namespace H3deMl.Tensors.Tests.Parity;

/// <summary>Sum and mean (all, one axis, several axes, keepDim) against PyTorch.</summary>
public sealed class ReductionParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "sum", MemberType = typeof(ParityFixtures))]
    public void Sum_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("sum", caseName, (c, x) => Reduce(c, x["x"], mean: false));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "mean", MemberType = typeof(ParityFixtures))]
    public void Mean_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("mean", caseName, (c, x) => Reduce(c, x["x"], mean: true));

    // Exercises every overload: no axes → Sum(); one axis → Sum(int, keepDim); several → Sum(int[], keepDim).
    private static Tensor Reduce(ParityCase c, Tensor x, bool mean)
    {
        if (c.IsNull("axes")) return mean ? x.Mean() : x.Sum();
        var axes = c.Ints("axes");
        var keep = c.Bool("keep_dim");
        if (axes.Length == 1) return mean ? x.Mean(axes[0], keep) : x.Sum(axes[0], keep);
        return mean ? x.Mean(axes, keep) : x.Sum(axes, keep);
    }
}
