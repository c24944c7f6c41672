namespace H3deMl.Trainers.Tests.CoarseToFine;

/// <summary>The self-configuration rules: pose grid from spacing and extent, jitter and patch from the registration's
/// validation error, and options that override a choice.</summary>
public sealed class CoarseToFinePlanTests
{
    private static readonly DataFingerprint Mouse = new(14, 45, FinestSpacingMm: 0.14, ExtentMm: 32, LandmarkSpreadMm: 11, PresentFraction: 1, IntensityLow: 3, IntensityHigh: 180);

    [Fact]
    public void Choose_PoseGrid_SpansAtMost160VoxelsButNeverFinerThanTheScans()
    {
        Assert.Equal(0.2, CoarseToFinePlan.Choose(Mouse, new CoarseToFineOptions()).PoseSpacingMm, 12);
        Assert.Equal(0.5, CoarseToFinePlan.Choose(Mouse with { FinestSpacingMm = 0.5 }, new CoarseToFineOptions()).PoseSpacingMm, 12);
        Assert.Equal(0.3, CoarseToFinePlan.Choose(Mouse, new CoarseToFineOptions { PoseSpacingMm = 0.3 }).PoseSpacingMm, 12);
    }

    [Fact]
    public void Choose_PatchAtNativeSpacing_WindowFromPercentiles()
    {
        CoarseToFinePlan plan = CoarseToFinePlan.Choose(Mouse, new CoarseToFineOptions());

        Assert.Equal(0.14, plan.RefinementSpacingMm, 12);
        Assert.Equal((3f, 180f), plan.Window);
        Assert.Equal((0f, 255f), CoarseToFinePlan.Choose(Mouse, new CoarseToFineOptions { Window = (0, 255) }).Window);
    }

    [Fact]
    public void WithRegistrationError_JitterIsScaledRmsPerAxis_PatchKeptWhenItHoldsFourSds()
    {
        var options = new CoarseToFineOptions();
        CoarseToFinePlan plan = CoarseToFinePlan.Choose(Mouse, options).WithRegistrationError(options, meanErrorMm: 0.29, rmsErrorMm: 0.34);

        Assert.Equal(1.25 * 0.34 / Math.Sqrt(3), plan.JitterMm, 12);
        Assert.Equal(0.14, plan.RefinementSpacingMm, 12); // half-width 15.5 × 0.14 = 2.17 mm ≥ 4 × 0.245 mm
        Assert.Equal(0.29, plan.RegistrationValidationMm, 12);
        Assert.Contains("jitter SD 0.245 mm", plan.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithRegistrationError_LargeError_WidensThePatch_UnlessTheSpacingIsGiven()
    {
        var options = new CoarseToFineOptions();
        CoarseToFinePlan plan = CoarseToFinePlan.Choose(Mouse, options).WithRegistrationError(options, meanErrorMm: 1.5, rmsErrorMm: 1.8);
        double jitter = 1.25 * 1.8 / Math.Sqrt(3);

        Assert.Equal(4 * jitter / 15.5, plan.RefinementSpacingMm, 12);
        Assert.Contains("widened", plan.ToString(), StringComparison.Ordinal);
        var given = new CoarseToFineOptions { RefinementSpacingMm = 0.14, JitterMm = 0.3 };
        CoarseToFinePlan kept = CoarseToFinePlan.Choose(Mouse, given).WithRegistrationError(given, 1.5, 1.8);
        Assert.Equal(0.14, kept.RefinementSpacingMm, 12);
        Assert.Equal(0.3, kept.JitterMm, 12);
    }

    [Fact]
    public void WithRegistrationError_TinyError_JitterAtLeastOneVoxel()
    {
        var options = new CoarseToFineOptions();
        CoarseToFinePlan plan = CoarseToFinePlan.Choose(Mouse, options).WithRegistrationError(options, 0.01, 0.01);

        Assert.Equal(0.14, plan.JitterMm, 12);
    }

    [Theory]
    [InlineData(nameof(CoarseToFineOptions.ValidationFraction))]
    [InlineData(nameof(CoarseToFineOptions.PatchSize))]
    [InlineData(nameof(CoarseToFineOptions.Window))]
    [InlineData(nameof(CoarseToFineOptions.TimeBudget))]
    public void Validate_OutOfRange_NamesTheOption(string name)
    {
        CoarseToFineOptions bad = name switch
        {
            nameof(CoarseToFineOptions.ValidationFraction) => new() { ValidationFraction = 1 },
            nameof(CoarseToFineOptions.PatchSize) => new() { PatchSize = 4 },
            nameof(CoarseToFineOptions.Window) => new() { Window = (5, 1) },
            _ => new() { TimeBudget = TimeSpan.Zero },
        };

        var e = Assert.Throws<ArgumentOutOfRangeException>(bad.Validate);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }
}
