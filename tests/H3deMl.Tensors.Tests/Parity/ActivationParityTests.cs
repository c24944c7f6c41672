namespace H3deMl.Tensors.Tests.Parity;

/// <summary>Activations and (log-)softmax against PyTorch.</summary>
public sealed class ActivationParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "relu", MemberType = typeof(ParityFixtures))]
    public void Relu_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("relu", caseName, (_, x) => Functional.Relu(x["x"]));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "leaky_relu", MemberType = typeof(ParityFixtures))]
    public void LeakyRelu_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("leaky_relu", caseName, (c, x) => c.IsNull("slope") ? Functional.LeakyRelu(x["x"]) : Functional.LeakyRelu(x["x"], c.Float("slope")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "sigmoid", MemberType = typeof(ParityFixtures))]
    public void Sigmoid_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("sigmoid", caseName, (_, x) => Functional.Sigmoid(x["x"]));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "tanh", MemberType = typeof(ParityFixtures))]
    public void Tanh_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("tanh", caseName, (_, x) => Functional.Tanh(x["x"]));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "gelu", MemberType = typeof(ParityFixtures))]
    public void Gelu_FixtureCase_MatchesPyTorch(string caseName) => ParityHarness.Run("gelu", caseName, (_, x) => Functional.Gelu(x["x"]));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "softmax", MemberType = typeof(ParityFixtures))]
    public void Softmax_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("softmax", caseName, (c, x) => c.Int("axis") == -1 ? Functional.Softmax(x["x"]) : Functional.Softmax(x["x"], c.Int("axis")));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "log_softmax", MemberType = typeof(ParityFixtures))]
    public void LogSoftmax_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("log_softmax", caseName, (c, x) => c.Int("axis") == -1 ? Functional.LogSoftmax(x["x"]) : Functional.LogSoftmax(x["x"], c.Int("axis")));
}
