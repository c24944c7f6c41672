using System.Text.RegularExpressions;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Evaluators.Tests.Data;
using Microsoft.ML;
using static H3deMl.Evaluators.Tests.Data.EvaluationData;

namespace H3deMl.Evaluators.Tests.Reports;

public sealed partial class LandmarkReportTests
{
    [Fact]
    public void WriteHtmlReport_IsSelfContainedWithThreeDecodableViewsPerCaseAndLandmark()
    {
        (IDataView view, LandmarkDetectionMetrics metrics) = EvaluatedView(cases: 3);
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
        Assert.Contains("Scan: 48 × 30 × 24 voxels of 0.6 × 1.1 × 1.7 mm.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHtmlReport_SectionsFollowTheMetricsOrder()
    {
        (IDataView view, LandmarkDetectionMetrics metrics) = EvaluatedView(cases: 3);
        var writer = new StringWriter();

        metrics.WriteHtmlReport(writer, view, new LandmarkReportOptions { ImageSizePixels = 32 });
        string html = writer.ToString();

        int[] positions = [.. new[] { "c0", "c1", "c2" }.Select(id => html.IndexOf($"<h3>{id} ", StringComparison.Ordinal))];
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void WriteHtmlReport_CapsCasesAndLandmarksWithANote()
    {
        (IDataView view, LandmarkDetectionMetrics metrics) = EvaluatedView(cases: 3);
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
        TestCase c = Case(
            "c0",
            [Present("a", 2, 20, 4), Missing("gone"), Present("lost", 0, 18, 2)],
            [Present("a", 3, 20, 4), Present("gone", 0, 15, 3), Absent("lost", double.NaN, double.NaN, double.NaN)],
            SliceViewTests.ObliqueVolumeWithBlob());
        IDataView view = View([c]);
        var writer = new StringWriter();

        Ml().Landmarks.Evaluate(view).WriteHtmlReport(writer, view, new LandmarkReportOptions { ImageSizePixels = 32 });
        string html = writer.ToString();

        Assert.Equal(2 * 3, Image().Matches(html).Count);
        Assert.Contains("data-landmark=\"gone\" data-plane=\"axial\"", html, StringComparison.Ordinal);
        Assert.Contains("false positive", html, StringComparison.Ordinal);
        Assert.Contains("Present in the ground truth but not measured: lost.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHtmlReport_WithoutScans_HasTablesAndChartsButNoImages()
    {
        (IDataView view, LandmarkDetectionMetrics metrics) = EvaluatedView(cases: 2);
        IDataView withoutVolumes = Ml().Transforms.DropColumns(ScanColumnNames.Volume).Fit(view).Transform(view);

        foreach (IDataView? data in (IDataView?[])[null, withoutVolumes])
        {
            var writer = new StringWriter();
            metrics.WriteHtmlReport(writer, data);

            Assert.Empty(Image().Matches(writer.ToString()));
            Assert.Contains("no slice views", writer.ToString(), StringComparison.Ordinal);
            Assert.Contains("<td class=\"name\">c1</td>", writer.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WriteHtmlReport_CaseMissingFromTheData_GetsANote()
    {
        (IDataView view, LandmarkDetectionMetrics metrics) = EvaluatedView(cases: 2);
        (IDataView other, _) = EvaluatedView(cases: 1);
        var writer = new StringWriter();

        metrics.WriteHtmlReport(writer, other, new LandmarkReportOptions { ImageSizePixels = 32 });

        Assert.Equal(2 * 3, Image().Matches(writer.ToString()).Count); // c0 only
        Assert.Contains("The scan of this case is not available.", writer.ToString(), StringComparison.Ordinal);
        GC.KeepAlive(view);
    }

    [Fact]
    public void WriteHtmlReport_ScanPathWithoutVolume_ReadsTheFile()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"h3de-report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string scan = Path.Combine(folder, "c0.nrrd");
            SliceViewTests.ObliqueVolumeWithBlob().Write(scan);
            PathRow[] rows =
            [
                new() { Id = "c0", ScanPath = scan },
                new() { Id = "c1", ScanPath = Path.Combine(folder, "missing.nrrd") },
            ];
            IDataView data = Ml().Data.LoadFromEnumerable(rows);
            (_, LandmarkDetectionMetrics metrics) = EvaluatedView(cases: 2);
            var writer = new StringWriter();

            metrics.WriteHtmlReport(writer, data, new LandmarkReportOptions { ImageSizePixels = 32 });
            string html = writer.ToString();

            Assert.Equal(2 * 3, Image().Matches(html).Count);
            Assert.Contains("data-case=\"c0\" data-landmark=\"a\" data-plane=\"axial\"", html, StringComparison.Ordinal);
            Assert.Contains("The scan could not be loaded:", html, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void WriteHtmlReport_UnreadableScan_GetsANoteInsteadOfAnException()
    {
        (_, LandmarkDetectionMetrics metrics) = EvaluatedView(cases: 1);
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
    public void WriteHtmlReport_ToPath_WritesTheSamePage()
    {
        (IDataView view, LandmarkDetectionMetrics metrics) = EvaluatedView(cases: 1);
        string path = Path.Combine(Path.GetTempPath(), $"h3de-report-{Guid.NewGuid():N}", "report.html");
        var options = new LandmarkReportOptions { ImageSizePixels = 32 };
        try
        {
            metrics.WriteHtmlReport(path, view, options);
            var writer = new StringWriter();
            metrics.WriteHtmlReport(writer, view, options);

            Assert.Equal(writer.ToString(), File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void WriteHtmlReport_EscapesNames()
    {
        LandmarkDetectionMetrics metrics = Evaluate([Case("<script>", [Present("a&b", 0, 0, 0)], [Present("a&b", 1, 0, 0)])]);
        var writer = new StringWriter();

        metrics.WriteHtmlReport(writer);

        Assert.DoesNotContain("<script>", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("a&amp;b", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHtmlReport_UnmatchedLandmarks_AreNoted()
    {
        LandmarkDetectionMetrics metrics = Evaluate([Case("c", [Present("a", 0, 0, 0), Present("b", 0, 0, 0)], [Present("a", 1, 0, 0), Present("z", 0, 0, 0)])]);
        var writer = new StringWriter();

        metrics.WriteHtmlReport(writer);

        Assert.Contains("ground truth only: b; prediction only: z.", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHtmlReport_BadOption_Throws()
    {
        (_, LandmarkDetectionMetrics metrics) = EvaluatedView(cases: 1);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.WriteHtmlReport(new StringWriter(), null, new LandmarkReportOptions { ImageSizePixels = 512 }));

        Assert.Equal(nameof(LandmarkReportOptions.ImageSizePixels), e.ParamName);
    }

    [Fact]
    public void WriteHtmlReport_Cancelled_Throws()
    {
        (IDataView view, LandmarkDetectionMetrics metrics) = EvaluatedView(cases: 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => metrics.WriteHtmlReport(new StringWriter(), view, null, cts.Token));
    }

    [Fact]
    public void WriteHtmlReport_GeneratedPhantoms_DrawTheirVolumes()
    {
        MLContext ml = Ml();
        IDataView phantoms = ml.Data.GeneratePhantoms(1, seed: 5, new Core.Phantoms.PhantomOptions { SizeI = 40, SizeJ = 40, SizeK = 32, SpacingMm = 2 });
        PhantomRow phantom = Assert.Single(ml.Data.CreateEnumerable<PhantomRow>(phantoms, reuseRowObject: false));
        DataViewSchema.Column landmarks = phantoms.Schema[ScanColumnNames.Landmarks];
        VBufferNames(landmarks, out string[] names);
        TestLandmark[] truth = [.. names.Select((n, i) => new TestLandmark(n, phantom.Landmarks[3 * i], phantom.Landmarks[(3 * i) + 1], phantom.Landmarks[(3 * i) + 2], float.IsFinite(phantom.Landmarks[3 * i])))];
        TestLandmark[] predicted = [.. truth.Select(l => l.IsPresent ? l with { X = l.X + 1 } : l)];
        IDataView view = View([Case(phantom.Id, truth, predicted, phantom.Volume)]);
        LandmarkDetectionMetrics metrics = ml.Landmarks.Evaluate(view);
        var writer = new StringWriter();

        metrics.WriteHtmlReport(writer, view, new LandmarkReportOptions { ImageSizePixels = 32, MaxLandmarksPerCase = 2 });

        Assert.Equal(2 * 3, Image().Matches(writer.ToString()).Count);
        Assert.Equal(1.0, metrics.MreMm, 5);
    }

    /// <summary>In-memory cases with a small oblique volume, two landmarks each, predictions 1–2 mm off.</summary>
    private static (IDataView View, LandmarkDetectionMetrics Metrics) EvaluatedView(int cases)
    {
        Volume volume = SliceViewTests.ObliqueVolumeWithBlob();
        TestCase[] rows = [.. Enumerable.Range(0, cases).Select(n => Case(
            $"c{n}",
            [Present("a", 2, 20, 4), Present("b", 0, 18, 2)],
            [Present("a", 2 + 1, 20, 4), Present("b", 0, 18 + n, 2 - 1)],
            volume))];
        IDataView view = View(rows);
        return (view, Ml().Landmarks.Evaluate(view));
    }

    private static void VBufferNames(DataViewSchema.Column column, out string[] names)
    {
        Microsoft.ML.Data.VBuffer<ReadOnlyMemory<char>> slots = default;
        column.Annotations.GetValue("SlotNames", ref slots);
        names = [.. slots.DenseValues().Where((_, i) => i % 3 == 0).Select(s => s.ToString()[..^2])];
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*["'](?!data:)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex Image();

    /// <summary>A row naming a scan file.</summary>
    public sealed class PathRow
    {
        public string Id { get; set; } = "";

        public string ScanPath { get; set; } = "";
    }

    /// <summary>A generated phantom read back with <c>CreateEnumerable</c>.</summary>
    public sealed class PhantomRow
    {
        public string Id { get; set; } = "";

        public float[] Landmarks { get; set; } = [];

        [VolumeType]
        public Volume? Volume { get; set; }
    }
}
