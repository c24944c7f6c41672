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
}
