namespace H3deMl.Tensors.Tests.Parity;

/// <summary>Linear and batched matrix multiply against PyTorch.</summary>
public sealed class LinearParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "linear", MemberType = typeof(ParityFixtures))]
    public void Linear_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("linear", caseName, (c, x) => c.Bool("bias") ? Functional.Linear(x["x"], x["weight"], x["bias"]) : Functional.Linear(x["x"], x["weight"]));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "matmul", MemberType = typeof(ParityFixtures))]
    public void MatMul_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("matmul", caseName, (_, x) => Functional.MatMul(x["a"], x["b"]));

    [Fact]
    public void MatMul_BatchAxesDiffer_ThrowsNamingShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.MatMul(Tensor.Zeros(2, 3, 5), Tensor.Zeros(3, 5, 4)));
        Assert.Contains("[2, 3, 5]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[3, 5, 4]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMul_InnerSizesDiffer_ThrowsNamingShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.MatMul(Tensor.Zeros(2, 3, 5), Tensor.Zeros(2, 4, 4)));
        Assert.Contains("[2, 3, 5]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 4, 4]", e.Message, StringComparison.Ordinal);
    }
}
