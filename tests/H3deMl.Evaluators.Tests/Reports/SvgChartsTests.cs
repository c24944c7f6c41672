using H3deMl.Evaluators.Reports;
using static H3deMl.Evaluators.Tests.Data.EvaluationData;

namespace H3deMl.Evaluators.Tests.Reports;

public sealed class SvgChartsTests
{
    [Theory]
    [InlineData(3.0, 10.0)]
    [InlineData(10.0, 10.0)]
    [InlineData(13.0, 14.0)]
    [InlineData(37.0, 40.0)]
    public void SdrCurveRange_CoversLargeErrorsWithARoundNumber(double error, double expected)
    {
        LandmarkDetectionMetrics m = Evaluate([Case("c", [Present("a", 0, 0, 0)], [Present("a", error, 0, 0)])]);

        Assert.Equal(expected, SvgCharts.SdrCurveRange(m), 9);
    }

    [Theory]
    [InlineData(0.7, 1.0)]
    [InlineData(1.3, 2.0)]
    [InlineData(3.0, 5.0)]
    [InlineData(0.05, 0.05)]
    public void NiceStep_Is1Or2Or5TimesAPowerOfTen(double rough, double expected)
    {
        Assert.Equal(expected, SvgCharts.NiceStep(rough), 12);
    }

    [Fact]
    public void SdrCurve_StepsUpAtEachErrorAndMarksTheThresholds()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors()); // errors 1, 3, 4 mm

        string svg = SvgCharts.SdrCurve(m, 10);

        // Plot x = 56 + 484·mm/10, y = 20 + 254·(1 − fraction).
        Assert.Contains("M56,274 H104.4 V189.33 H201.2 V104.67 H249.6 V20 H540", svg, StringComparison.Ordinal);
        Assert.Contains("≤ 2 mm: 33.3 %", svg, StringComparison.Ordinal);
        Assert.Contains("≤ 4 mm: 100.0 %", svg, StringComparison.Ordinal);
    }
}
