using System.Globalization;
using System.Net;

namespace H3deMl.Evaluators.Reports;

/// <summary>Writes the self-contained HTML page of <see cref="LandmarkReport"/>: tables, inline SVG charts and slice views
/// as <c>data:</c> PNG images, with no reference to anything outside the file.</summary>
internal sealed partial class HtmlReportWriter
{
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

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

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
