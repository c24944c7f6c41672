namespace H3deMl.Tensors.Tests.Parity;

/// <summary>Element-wise arithmetic (tensor∘tensor with broadcasting, tensor∘scalar, unary math) against PyTorch.</summary>
public sealed class ElementwiseParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "add", MemberType = typeof(ParityFixtures))]
    public void Add_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("add", caseName, (_, x) => x["a"] + x["b"]);

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "sub", MemberType = typeof(ParityFixtures))]
    public void Sub_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("sub", caseName, (_, x) => x["a"] - x["b"]);

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "mul", MemberType = typeof(ParityFixtures))]
    public void Mul_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("mul", caseName, (_, x) => x["a"] * x["b"]);

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "div", MemberType = typeof(ParityFixtures))]
    public void Div_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("div", caseName, (_, x) => x["a"] / x["b"]);

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "add_scalar", MemberType = typeof(ParityFixtures))]
    public void AddScalar_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("add_scalar", caseName, (c, x) => x["x"] + c.Float("scalar"));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "sub_scalar", MemberType = typeof(ParityFixtures))]
    public void SubScalar_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("sub_scalar", caseName, (c, x) => x["x"] - c.Float("scalar"));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "rsub_scalar", MemberType = typeof(ParityFixtures))]
    public void ScalarMinusTensor_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("rsub_scalar", caseName, (c, x) => c.Float("scalar") - x["x"]);

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "mul_scalar", MemberType = typeof(ParityFixtures))]
    public void MulScalar_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("mul_scalar", caseName, (c, x) => c.Float("scalar") * x["x"]);

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "div_scalar", MemberType = typeof(ParityFixtures))]
    public void DivScalar_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("div_scalar", caseName, (c, x) => x["x"] / c.Float("scalar"));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "rdiv_scalar", MemberType = typeof(ParityFixtures))]
    public void ScalarDividedByTensor_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("rdiv_scalar", caseName, (c, x) => c.Float("scalar") / x["x"]);

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "neg", MemberType = typeof(ParityFixtures))]
    public void Negate_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("neg", caseName, (_, x) => -x["x"]);

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "exp", MemberType = typeof(ParityFixtures))]
    public void Exp_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("exp", caseName, (_, x) => x["x"].Exp());

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "log", MemberType = typeof(ParityFixtures))]
    public void Log_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("log", caseName, (_, x) => x["x"].Log());

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "sqrt", MemberType = typeof(ParityFixtures))]
    public void Sqrt_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("sqrt", caseName, (_, x) => x["x"].Sqrt());

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "square", MemberType = typeof(ParityFixtures))]
    public void Square_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("square", caseName, (_, x) => x["x"].Square());

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "abs", MemberType = typeof(ParityFixtures))]
    public void Abs_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("abs", caseName, (_, x) => x["x"].Abs());

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "pow", MemberType = typeof(ParityFixtures))]
    public void Pow_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("pow", caseName, (c, x) => x["x"].Pow(c.Float("exponent")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "clamp", MemberType = typeof(ParityFixtures))]
    public void Clamp_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("clamp", caseName, (c, x) =>
            c.IsNull("min") ? x["x"].Clamp(max: c.Float("max"))
            : c.IsNull("max") ? x["x"].Clamp(min: c.Float("min"))
            : x["x"].Clamp(c.Float("min"), c.Float("max")));
}
