using System.Globalization;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Evaluators.Reports.Imaging;

namespace H3deMl.Evaluators.Reports;

/// <summary>The slice views of the report: per shown case, three planes through each landmark.</summary>
internal sealed partial class HtmlReportWriter
{
    private static readonly SlicePlane[] Planes = [SlicePlane.Axial, SlicePlane.Coronal, SlicePlane.Sagittal];

    private void WriteViews(CaseScans? scans, CancellationToken cancellationToken)
    {
        _w.Write("<h2>Slice views</h2>\n");
        if (scans is null)
        {
            _w.Write("<p class=\"note\">No scans were given to the report (a data view with a Volume or ScanPath column), so it has no slice views.</p>\n");
            return;
        }

        CaseMetrics[] shown = [.. _m.Cases.Where(HasViews).Take(_o.MaxCasesWithViews)];
        int withErrors = _m.Cases.Count(HasViews);
        _w.Write("<p class=\"legend\">");
        _w.Write($"<span class=\"key\"><svg width=\"18\" height=\"18\"><circle cx=\"9\" cy=\"9\" r=\"6\" fill=\"none\" stroke=\"#000\" stroke-width=\"4\"/><circle cx=\"9\" cy=\"9\" r=\"6\" fill=\"none\" stroke=\"{ReportPalette.TruthCss}\" stroke-width=\"2\"/></svg> ground truth</span>");
        _w.Write($"<span class=\"key\"><svg width=\"18\" height=\"18\"><path d=\"M4,4 L14,14 M14,4 L4,14\" stroke=\"#000\" stroke-width=\"4\"/><path d=\"M4,4 L14,14 M14,4 L4,14\" stroke=\"{ReportPalette.PredictionCss}\" stroke-width=\"2\"/></svg> prediction</span>");
        _w.Write("Each landmark is shown in the axial, coronal and sagittal planes through its ground-truth position, sampled in world space (true aspect ratio); the prediction is drawn at its projection onto each plane, with its distance from the plane below the image.</p>\n");
        if (shown.Length < withErrors)
        {
            _w.Write($"<p class=\"note\">Showing the first {I(shown.Length)} of {I(withErrors)} cases (LandmarkReportOptions.MaxCasesWithViews).</p>\n");
        }

        // The scans are visited in their source's order, each drawn once and dropped; the sections follow the metrics' order.
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        Dictionary<string, CaseMetrics> byId = shown.DistinctBy(c => c.CaseId).ToDictionary(c => c.CaseId, StringComparer.Ordinal);
        scans.Visit(byId.Keys.ToHashSet(StringComparer.Ordinal), (id, load) =>
        {
            var section = new StringWriter(CultureInfo.InvariantCulture);
            new HtmlReportWriter(section, _m, _o).WriteCase(byId[id], load, cancellationToken);
            sections[id] = section.ToString();
        }, cancellationToken);
        foreach (CaseMetrics c in shown)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (sections.TryGetValue(c.CaseId, out string? section))
            {
                _w.Write(section);
            }
            else
            {
                WriteCase(c, null, cancellationToken);
            }
        }
    }

    private void WriteCase(CaseMetrics c, Func<Volume?>? load, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _w.Write($"<section class=\"case\"><h3>{E(c.CaseId)} <span class=\"sub\">MRE {MetricFormat.Mm(c.MreMm)} ± {MetricFormat.Mm(c.SdMm)} mm over {I(c.LandmarkCount)} landmarks</span></h3>\n");
        Volume? volume;
        try
        {
            volume = load?.Invoke();
        }
        catch (Exception e) when (LandmarkReport.IsLoadFailure(e))
        {
            _w.Write($"<p class=\"note\">The scan could not be loaded: {E(e.Message)}</p></section>\n");
            return;
        }

        if (volume is null)
        {
            _w.Write("<p class=\"note\">The scan of this case is not available.</p></section>\n");
            return;
        }

        IntensityWindow window = _o.IntensityWindow is { } w ? new IntensityWindow(w.Low, w.High) : IntensityWindow.FromPercentiles(volume);
        VolumeSize size = volume.Size;
        Vector3d spacing = volume.Geometry.SpacingMm;
        _w.Write($"<p class=\"sub\">Scan: {I(size.I)} × {I(size.J)} × {I(size.K)} voxels of {Spacing(spacing.X)} × {Spacing(spacing.Y)} × {Spacing(spacing.Z)} mm.</p>\n");
        _w.Write("<div class=\"lms\">");
        foreach (LandmarkError e in c.Errors.Take(_o.MaxLandmarksPerCase))
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteLandmarkViews(volume, window, e);
        }

        // Landmarks missing in the truth but predicted present: views through the prediction (DECISIONS.md §6).
        PresenceDecision[] falsePositives = [.. c.PresenceDecisions.Where(IsDrawableFalsePositive)];
        foreach (PresenceDecision d in falsePositives.Take(_o.MaxLandmarksPerCase))
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteFalsePositiveViews(volume, window, d);
        }

        _w.Write("</div>\n");
        string[] missed = [.. c.PresenceDecisions.Where(d => d.IsPresentInTruth && !c.Errors.Any(e => e.Landmark == d.Landmark)).Select(d => d.Landmark)];
        if (missed.Length > 0)
        {
            _w.Write($"<p class=\"note\">Present in the ground truth but not measured: {E(string.Join(", ", missed))}.</p>\n");
        }

        int hidden = Math.Max(0, c.Errors.Count - _o.MaxLandmarksPerCase) + Math.Max(0, falsePositives.Length - _o.MaxLandmarksPerCase);
        if (hidden > 0)
        {
            _w.Write($"<p class=\"note\">{I(hidden)} more landmarks of this case are not shown (LandmarkReportOptions.MaxLandmarksPerCase).</p>\n");
        }

        _w.Write("</section>\n");
    }

    private static bool HasViews(CaseMetrics c) => c.Errors.Count > 0 || c.PresenceDecisions.Any(IsDrawableFalsePositive);

    private static bool IsDrawableFalsePositive(PresenceDecision d) => d.IsFalsePositive && d.PredictedLps.IsFinite;

    private void WriteFalsePositiveViews(Volume volume, IntensityWindow window, PresenceDecision d)
    {
        string probability = double.IsFinite(d.PresenceProbability) ? $" (p = {d.PresenceProbability.ToString("F2", CultureInfo.InvariantCulture)})" : string.Empty;
        _w.Write($"<div class=\"lm\"><div class=\"lmhead\"><b>{E(d.Landmark)}</b> <b class=\"fp\">false positive</b> ");
        _w.Write($"<span class=\"sub\">missing in the ground truth, predicted present{probability}</span></div><div class=\"views\">");
        foreach (SlicePlane plane in Planes)
        {
            RenderedView view = RenderView(volume, window, plane, null, d.PredictedLps, _o.ImageSizePixels, _o.FieldOfViewMm);
            WriteFigure(view, plane, d.CaseId, d.Landmark, "through the prediction");
        }

        _w.Write("</div></div>\n");
    }

    private void WriteLandmarkViews(Volume volume, IntensityWindow window, LandmarkError e)
    {
        Vector3d d = e.ErrorVectorLps;
        string presence = e.IsPredictedPresent ? "predicted present" : "<b>predicted absent</b>";
        string probability = double.IsFinite(e.PresenceProbability) ? $" (p = {e.PresenceProbability.ToString("F2", CultureInfo.InvariantCulture)})" : string.Empty;
        _w.Write($"<div class=\"lm\"><div class=\"lmhead\"><b>{E(e.Landmark)}</b> error {MetricFormat.Mm(e.ErrorMm)} mm ");
        _w.Write($"<span class=\"sub\">(ΔL {Signed(d.X)}, ΔP {Signed(d.Y)}, ΔS {Signed(d.Z)} mm) · {presence}{probability}</span></div><div class=\"views\">");
        foreach (SlicePlane plane in Planes)
        {
            RenderedView view = RenderView(volume, window, plane, e.TruthLps, e.PredictedLps, _o.ImageSizePixels, _o.FieldOfViewMm);
            WriteFigure(view, plane, e.CaseId, e.Landmark, $"prediction {Math.Abs(view.PredictionDepthMm).ToString("F2", CultureInfo.InvariantCulture)} mm off-plane");
        }

        _w.Write("</div></div>\n");
    }

    private void WriteFigure(RenderedView view, SlicePlane plane, string caseId, string landmark, string caption)
    {
        (string left, string right, string top, string bottom) = SlicePlaneAxes.Letters(plane);
        string planeName = plane.ToString().ToLowerInvariant();
        _w.Write($"<figure style=\"width:{I(view.Width)}px\"><div class=\"img\"><img src=\"data:image/png;base64,{Convert.ToBase64String(view.Png)}\" width=\"{I(view.Width)}\" height=\"{I(view.Height)}\" alt=\"{E(caseId)} {E(landmark)} {planeName}\" data-case=\"{E(caseId)}\" data-landmark=\"{E(landmark)}\" data-plane=\"{planeName}\">");
        _w.Write($"<span class=\"o l\">{left}</span><span class=\"o r\">{right}</span><span class=\"o t\">{top}</span><span class=\"o b\">{bottom}</span></div>");
        _w.Write($"<figcaption>{planeName} · {E(caption)}</figcaption></figure>");
    }

    /// <summary>One slice through the truth (or, without one, through the prediction) with the marks drawn, as a PNG.</summary>
    internal static RenderedView RenderView(Volume volume, IntensityWindow window, SlicePlane plane, Vector3d? truthLps, Vector3d predictedLps, int imageSize, double? fieldOfViewMm)
    {
        SliceView slice = SliceView.Render(volume, plane, truthLps ?? predictedLps, imageSize, fieldOfViewMm, window);
        (double tx, double ty) = (double.NaN, double.NaN);
        double scale = Math.Max(1, imageSize / 192.0);
        if (truthLps is Vector3d truth)
        {
            (tx, ty, _) = slice.ToPixel(truth);
            slice.Image.DrawRing(tx, ty, 6 * scale, 2 * scale, ReportPalette.Truth);
        }

        (double px, double py, double depth) = slice.ToPixel(predictedLps);
        slice.Image.DrawCross(px, py, 5 * scale, 2 * scale, ReportPalette.Prediction);
        return new RenderedView(slice.Image.ToPng(), slice.Image.Width, slice.Image.Height, depth, (tx, ty), (px, py));
    }

    private static string Spacing(double mm) => mm.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture);

    /// <summary>A rendered view and where its marks are (pixel coordinates, centres at integer + 0.5).</summary>
    internal sealed record RenderedView(byte[] Png, int Width, int Height, double PredictionDepthMm, (double X, double Y) TruthPixel, (double X, double Y) PredictionPixel);
}
