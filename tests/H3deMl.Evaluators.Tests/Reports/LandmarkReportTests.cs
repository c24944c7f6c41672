using System.Text.RegularExpressions;
using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Pipeline;
using H3deMl.Core.Volumes;
using H3deMl.Evaluators;
using static H3deMl.Evaluators.Tests.Metrics.EvaluationCases;

namespace H3deMl.Evaluators.Tests.Reports;

public sealed partial class LandmarkReportTests
{
    [Fact]
    public void WriteHtmlReport_IsSelfContainedWithThreeDecodableViewsPerCaseAndLandmark()
    {
        (ScanDataView view, LandmarkMetrics metrics) = EvaluatedView(cases: 3);
        var writer = new StringWriter();

        metrics.WriteHtmlReport(writer, view, new LandmarkReportOptions { ImageSizePixels = 64 });
        string html = writer.ToString();

        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        MatchCollection images = Image().Matches(html);
        Assert.Equal(3 * 2 * 3, images.Count); // cases × landmarks × planes
        foreach (Match m in images)
        {
            PngTestDecoder.Image png = PngTestDecoder.Decode(Convert.FromBase64String(m.Groups[1].Value));
            Assert.InRange(Math.Max(png.Width, png.Height), 1, 64);
        }

        foreach (string id in (string[])["c0", "c1", "c2"])
        {
            foreach (string plane in (string[])["axial", "coronal", "sagittal"])
            {
                Assert.Contains($"data-case=\"{id}\" data-landmark=\"b\" data-plane=\"{plane}\"", html, StringComparison.Ordinal);
            }
        }

        Assert.Contains("ground truth", html, StringComparison.Ordinal);
        Assert.Contains("prediction", html, StringComparison.Ordinal);
        Assert.Contains(metrics.MreMm.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHtmlReport_CapsCasesAndLandmarksWithANote()
    {
        (ScanDataView view, LandmarkMetrics metrics) = EvaluatedView(cases: 3);
        var writer = new StringWriter();

        metrics.WriteHtmlReport(writer, view, new LandmarkReportOptions { ImageSizePixels = 32, MaxCasesWithViews = 2, MaxLandmarksPerCase = 1 });
        string html = writer.ToString();

        Assert.Equal(2 * 1 * 3, Image().Matches(html).Count);
        Assert.Contains("first 2 of 3 cases", html, StringComparison.Ordinal);
        Assert.Contains("1 more landmarks", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"name\">c2</td>", html, StringComparison.Ordinal); // the tables still list every case
    }

    [Fact]
    public void WriteHtmlReport_FalsePositive_IsShownThroughThePrediction()
    {
        var ml = new H3deContext(seed: 3);
        var truth = new LandmarkSet([Present("a", 2, 20, 4), Missing("gone"), Present("lost", 0, 18, 2)]);
        ScanRow row = new()
        {
            Id = "c0",
            Volume = SliceViewTests.ObliqueVolumeWithBlob(),
            Landmarks = truth,
            Prediction = Prediction(Present("a", 3, 20, 4), Present("gone", 0, 15, 3), Absent("lost", double.NaN, double.NaN, double.NaN)),
        };
        ScanDataView view = ml.Data.LoadFromRows([row]);
        var writer = new StringWriter();

        ml.Landmarks.Evaluate(view).WriteHtmlReport(writer, view, new LandmarkReportOptions { ImageSizePixels = 32 });
        string html = writer.ToString();

        Assert.Equal(2 * 3, Image().Matches(html).Count);
        Assert.Contains("data-landmark=\"gone\" data-plane=\"axial\"", html, StringComparison.Ordinal);
        Assert.Contains("false positive", html, StringComparison.Ordinal);
        Assert.Contains("Present in the ground truth but not measured: lost.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHtmlReport_WithoutScans_HasTablesAndChartsButNoImages()
    {
        (_, LandmarkMetrics metrics) = EvaluatedView(cases: 2);
        var writer = new StringWriter();

        metrics.WriteHtmlReport(writer);

        Assert.Empty(Image().Matches(writer.ToString()));
        Assert.Contains("no slice views", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHtmlReport_UnreadableScan_GetsANoteInsteadOfAnException()
    {
        (_, LandmarkMetrics metrics) = EvaluatedView(cases: 1);
        string path = Path.Combine(Path.GetTempPath(), $"h3de-report-{Guid.NewGuid():N}.html");
        try
        {
            metrics.WriteHtmlReport(path, id => throw new IOException($"{id}.nii.gz: the file is truncated."));

            string html = File.ReadAllText(path);
            Assert.Contains("could not be loaded: c0.nii.gz: the file is truncated.", html, StringComparison.Ordinal);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WriteHtmlReport_EscapesNames()
    {
        LandmarkMetrics metrics = LandmarkEvaluator.Evaluate([Case("<script>", [Present("a&b", 0, 0, 0)], [Present("a&b", 1, 0, 0)])]);
        var writer = new StringWriter();

        metrics.WriteHtmlReport(writer);

        Assert.DoesNotContain("<script>", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("a&amp;b", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHtmlReport_BadOption_Throws()
    {
        (_, LandmarkMetrics metrics) = EvaluatedView(cases: 1);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.WriteHtmlReport(new StringWriter(), null, new LandmarkReportOptions { ImageSizePixels = 512 }));

        Assert.Equal(nameof(LandmarkReportOptions.ImageSizePixels), e.ParamName);
    }

    [Fact]
    public void WriteHtmlReport_GeneratedScans_AreReloadedFromTheirSource()
    {
        var ml = new H3deContext(seed: 5);
        ScanDataView phantoms = ml.Data.GeneratePhantoms(1, new Core.Phantoms.PhantomOptions { SizeI = 40, SizeJ = 40, SizeK = 32, SpacingMm = 2 });
        ScanRow source = phantoms.SourceRows[0];
        LandmarkSet truth = ScanLoader.Load(source).Landmarks!;
        var predicted = new LandmarkSet(truth.Landmarks.Select(l => l with { PositionLps = l.PositionLps + new Vector3d(1, 0, 0) }));
        ScanDataView view = ml.Data.LoadFromRows([source with { Landmarks = truth, Prediction = new LandmarkPrediction(predicted, [.. truth.Landmarks.Select(_ => 1.0)]) }]);
        LandmarkMetrics metrics = ml.Landmarks.Evaluate(view);
        var writer = new StringWriter();

        metrics.WriteHtmlReport(writer, view, new LandmarkReportOptions { ImageSizePixels = 32, MaxLandmarksPerCase = 2 });

        Assert.Null(view.SourceRows[0].Volume); // the rows hold no voxels; the report generated the scan again
        Assert.Equal(2 * 3, Image().Matches(writer.ToString()).Count);
        Assert.Equal(1.0, metrics.MreMm, 9);
    }

    /// <summary>In-memory cases with a small oblique volume, two landmarks each, predictions 1–2 mm off.</summary>
    private static (ScanDataView View, LandmarkMetrics Metrics) EvaluatedView(int cases)
    {
        var ml = new H3deContext(seed: 3);
        Volume volume = SliceViewTests.ObliqueVolumeWithBlob();
        var rows = new List<ScanRow>();
        for (int n = 0; n < cases; n++)
        {
            var truth = new LandmarkSet([Present("a", 2, 20, 4), Present("b", 0, 18, 2)]);
            rows.Add(new ScanRow
            {
                Id = $"c{n}",
                Volume = volume,
                Landmarks = truth,
                Prediction = Prediction(Present("a", 2 + 1, 20, 4), Present("b", 0, 18 + n, 2 - 1)),
            });
        }

        ScanDataView view = ml.Data.LoadFromRows(rows);
        return (view, ml.Landmarks.Evaluate(view));
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*["'](?!data:)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex Image();
}
