namespace H3deMl.Tensors.Tests.Parity;

/// <summary>MSE, Smooth-L1 (around |d| = β) and BCE-with-logits (extreme logits, soft targets) for every reduction against PyTorch.</summary>
public sealed class LossParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "mse_loss", MemberType = typeof(ParityFixtures))]
    public void MseLoss_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("mse_loss", caseName, (c, x) => c.Reduction == Reduction.Mean
            ? Functional.MseLoss(x["prediction"], x["target"])
            : Functional.MseLoss(x["prediction"], x["target"], c.Reduction));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "smooth_l1_loss", MemberType = typeof(ParityFixtures))]
    public void SmoothL1Loss_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("smooth_l1_loss", caseName, (c, x) => Functional.SmoothL1Loss(x["prediction"], x["target"], c.Float("beta"), c.Reduction));

    [Theory]
    [MemberData(nameof(ParityFixtures.Cases), "bce_with_logits", MemberType = typeof(ParityFixtures))]
    public void BinaryCrossEntropyWithLogits_FixtureCase_MatchesPyTorch(string caseName) =>
        ParityHarness.Run("bce_with_logits", caseName, (c, x) => Functional.BinaryCrossEntropyWithLogits(x["logits"], x["target"], c.Reduction));
}
