using System.Globalization;
using System.Net;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Evaluators.Reports.Imaging;

namespace H3deMl.Evaluators.Reports;

/// <summary>Writes the self-contained HTML page of <see cref="LandmarkReport"/>: tables, inline SVG charts and slice views
/// as <c>data:</c> PNG images, with no reference to anything outside the file.</summary>
internal sealed class HtmlReportWriter
{
    private static readonly SlicePlane[] Planes = [SlicePlane.Axial, SlicePlane.Coronal, SlicePlane.Sagittal];
    private readonly TextWriter _w;
    private readonly LandmarkDetectionMetrics _m;
    private readonly LandmarkReportOptions _o;

    private HtmlReportWriter(TextWriter writer, LandmarkDetectionMetrics metrics, LandmarkReportOptions options)
    {
        _w = writer;
        _m = metrics;
        _o = options;
    }

    public static void Write(TextWriter writer, LandmarkDetectionMetrics metrics, CaseScans? scans, LandmarkReportOptions options, CancellationToken cancellationToken) =>
        new HtmlReportWriter(writer, metrics, options).Write(scans, cancellationToken);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void Write(CaseScans? scans, CancellationToken cancellationToken)
    {
        _w.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        _w.Write($"<title>{E(_o.Title)}</title><style>{Css}</style></head><body>\n");
        _w.Write($"<h1>{E(_o.Title)}</h1>\n");
        _w.Write($"<p class=\"sub\">{I(_m.CaseCount)} cases, {I(_m.LandmarkCount)} landmark instances measured, {I(_m.Landmarks.Count)} landmark names. Errors are Euclidean distances in LPS world millimetres of the original scans.</p>\n");
        if (_m.UnmatchedLabelLandmarks.Count > 0 || _m.UnmatchedScoreLandmarks.Count > 0)
        {
            _w.Write($"<p class=\"note\">Not evaluated (matched by name, found in one column only): ground truth only: {E(Names(_m.UnmatchedLabelLandmarks))}; prediction only: {E(Names(_m.UnmatchedScoreLandmarks))}.</p>\n");
        }

        WriteSummary();
        _w.Write("<div class=\"charts\">");
        _w.Write($"<figure><figcaption>Success detection rate versus threshold</figcaption>{SvgCharts.SdrCurve(_m, _o.SdrCurveMaxMm ?? SvgCharts.SdrCurveRange(_m))}</figure>");
        _w.Write($"<figure><figcaption>Mean radial error per landmark (whiskers: ± 1 SD)</figcaption>{SvgCharts.LandmarkErrorBars(_m)}</figure>");
        _w.Write("</div>\n");
        WriteViews(scans, cancellationToken);
        _w.Write("<div class=\"tables\"><div>");
        WriteLandmarkTable();
        _w.Write("</div><div>");
        WriteCaseTable();
        _w.Write("</div></div>\n");
        _w.Write("<p class=\"note\">MRE per case is the mean over cases of each case's mean error (the paper's convention); SD is the sample standard deviation (n − 1); a landmark is a hit for SDR when its error is at or below the threshold. Landmarks missing in the ground truth are not measured and count only in presence detection (positive = present).</p>\n");
        _w.Write("</body></html>\n");
    }

    private void WriteSummary()
    {
        PresenceMetrics p = _m.Presence;
        _w.Write("<div class=\"cards\">");
        Card("MRE per case", $"{MetricFormat.Mm(_m.MreMm)} ± {MetricFormat.Mm(_m.MreSdMm)} mm");
        Card("MRE per landmark", $"{MetricFormat.Mm(_m.InstanceMreMm)} ± {MetricFormat.Mm(_m.InstanceSdMm)} mm");
        foreach (double t in _m.ThresholdsMm)
        {
            Card($"SDR ≤ {MetricFormat.Threshold(t)} mm", MetricFormat.Percent(_m.Sdr[t]));
        }

        Card("Presence F1", MetricFormat.Ratio(p.F1), $"precision {MetricFormat.Ratio(p.Precision)}, recall {MetricFormat.Ratio(p.Recall)}<br>TP {I(p.TruePositives)} · FP {I(p.FalsePositives)} · TN {I(p.TrueNegatives)} · FN {I(p.FalseNegatives)}");
        _w.Write("</div>\n");
    }

    private void Card(string label, string value, string? detail = null) =>
        _w.Write($"<div class=\"card\"><div class=\"label\">{E(label)}</div><div class=\"value\">{E(value)}</div>{(detail is null ? string.Empty : $"<div class=\"detail\">{detail}</div>")}</div>");

    private string SdrHeaders() => string.Concat(_m.ThresholdsMm.Select(t => $"<th>SDR ≤{E(MetricFormat.Threshold(t))} mm</th>"));

    private string SdrCells(IReadOnlyDictionary<double, double> sdr) => string.Concat(_m.ThresholdsMm.Select(t => $"<td>{MetricFormat.Percent(sdr[t])}</td>"));

    private static string PresenceCells(PresenceMetrics p) =>
        $"<td>{I(p.TruePositives)}</td><td>{I(p.FalsePositives)}</td><td>{I(p.TrueNegatives)}</td><td>{I(p.FalseNegatives)}</td>";

    private void WriteLandmarkTable()
    {
        _w.Write("<h2>Per landmark</h2>\n<table><thead><tr><th>landmark</th><th>n</th><th>MRE mm</th><th>SD mm</th>");
        _w.Write($"{SdrHeaders()}<th>TP</th><th>FP</th><th>TN</th><th>FN</th><th>F1</th></tr></thead><tbody>\n");
        foreach (PerLandmarkMetrics l in _m.Landmarks)
        {
            _w.Write($"<tr><td class=\"name\">{E(l.Landmark)}</td><td>{I(l.Count)}</td><td>{MetricFormat.Mm(l.MreMm)}</td><td>{MetricFormat.Mm(l.SdMm)}</td>");
            _w.Write($"{SdrCells(l.Sdr)}{PresenceCells(l.Presence)}<td>{MetricFormat.Ratio(l.Presence.F1)}</td></tr>\n");
        }

        _w.Write("</tbody></table>\n");
    }

    private void WriteCaseTable()
    {
        _w.Write("<h2>Per case</h2>\n<table><thead><tr><th>case</th><th>n</th><th>MRE mm</th><th>SD mm</th>");
        _w.Write($"{SdrHeaders()}<th>TP</th><th>FP</th><th>TN</th><th>FN</th></tr></thead><tbody>\n");
        foreach (CaseMetrics c in _m.Cases)
        {
            _w.Write($"<tr><td class=\"name\">{E(c.CaseId)}</td><td>{I(c.LandmarkCount)}</td><td>{MetricFormat.Mm(c.MreMm)}</td><td>{MetricFormat.Mm(c.SdMm)}</td>");
            _w.Write($"{SdrCells(c.Sdr)}{PresenceCells(c.Presence)}</tr>\n");
        }

        _w.Write("</tbody></table>\n");
    }

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

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    private static string Spacing(double mm) => mm.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture);

    /// <summary>A rendered view and where its marks are (pixel coordinates, centres at integer + 0.5).</summary>
    internal sealed record RenderedView(byte[] Png, int Width, int Height, double PredictionDepthMm, (double X, double Y) TruthPixel, (double X, double Y) PredictionPixel);

    private const string Css =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;max-width:1400px}" +
        "h1{margin:0 0 4px}h2{margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{margin:18px 0 8px}" +
        ".sub{color:#666;font-weight:normal;font-size:0.9em}.note{color:#555;font-size:0.9em}" +
        ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:120px;background:#fafafa}" +
        ".card .label{font-size:0.8em;color:#666;text-transform:uppercase;letter-spacing:0.04em}.card .value{font-size:1.5em;font-weight:600}.card .detail{font-size:0.8em;color:#555}" +
        ".tables{display:flex;flex-wrap:wrap;gap:32px;align-items:flex-start}.charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}figure{margin:0}figcaption{font-size:0.85em;color:#444;margin:4px 0}" +
        "table{border-collapse:collapse;font-size:0.85em;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f0f0f0}td.name{text-align:left;font-weight:600}" +
        "tbody tr:nth-child(even){background:#f8f8f8}" +
        ".fp{color:#c2255c}.legend .key{display:inline-flex;align-items:center;gap:4px;margin-right:16px;font-weight:600}.legend svg{vertical-align:middle}" +
        ".case{border-top:1px solid #ddd;margin-top:12px}.lms{display:flex;flex-wrap:wrap;column-gap:28px}.lm{margin:10px 0}.lmhead{margin-bottom:4px}.views{display:flex;flex-wrap:wrap;gap:8px}" +
        ".img{position:relative;display:inline-block;line-height:0;background:#1c2430}.img img{image-rendering:pixelated}" +
        ".o{position:absolute;color:#ffd24a;font:bold 11px sans-serif;line-height:1}.o.l{left:3px;top:50%}.o.r{right:3px;top:50%}.o.t{top:3px;left:50%}.o.b{bottom:3px;left:50%}";
}
