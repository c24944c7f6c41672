using System.Globalization;
using System.Net;
using System.Text;

namespace H3deMl.Evaluators.Reports;

/// <summary>The report's charts as inline SVG.</summary>
internal static class SvgCharts
{
    private const string Axis = "#555";
    private const string Grid = "#e3e3e3";
    private const string Series = "#1f6fb4";

    /// <summary>The fraction of landmark instances with error ≤ x, for x from 0 to <paramref name="maxMm"/>, with the
    /// metric's thresholds marked.</summary>
    public static string SdrCurve(LandmarkDetectionMetrics metrics, double maxMm)
    {
        const int W = 560, H = 320, L = 56, R = 20, T = 20, B = 46;
        double plotW = W - L - R, plotH = H - T - B;
        string X(double mm) => F(L + (plotW * Math.Min(mm, maxMm) / maxMm));
        string Y(double fraction) => F(T + (plotH * (1 - fraction)));
        var svg = Open(W, H, "SDR versus threshold");
        double xStep = NiceStep(maxMm / 10);
        for (double x = 0; x <= maxMm + 1e-9; x += xStep)
        {
            svg.Append($"<line x1=\"{X(x)}\" y1=\"{T}\" x2=\"{X(x)}\" y2=\"{T + plotH}\" stroke=\"{Grid}\"/>");
            svg.Append($"<text x=\"{X(x)}\" y=\"{F(T + plotH + 16)}\" text-anchor=\"middle\">{F(x)}</text>");
        }

        for (int p = 0; p <= 100; p += 20)
        {
            svg.Append($"<line x1=\"{L}\" y1=\"{Y(p / 100.0)}\" x2=\"{F(L + plotW)}\" y2=\"{Y(p / 100.0)}\" stroke=\"{Grid}\"/>");
            svg.Append($"<text x=\"{L - 6}\" y=\"{F(T + (plotH * (1 - (p / 100.0))) + 4)}\" text-anchor=\"end\">{p}%</text>");
        }

        svg.Append($"<line x1=\"{L}\" y1=\"{F(T + plotH)}\" x2=\"{F(L + plotW)}\" y2=\"{F(T + plotH)}\" stroke=\"{Axis}\"/>");
        svg.Append($"<line x1=\"{L}\" y1=\"{T}\" x2=\"{L}\" y2=\"{F(T + plotH)}\" stroke=\"{Axis}\"/>");
        svg.Append($"<text x=\"{F(L + (plotW / 2))}\" y=\"{H - 8}\" text-anchor=\"middle\">threshold (mm)</text>");
        svg.Append($"<text transform=\"translate(14 {F(T + (plotH / 2))}) rotate(-90)\" text-anchor=\"middle\">landmarks within threshold</text>");

        double[] errors = [.. metrics.Errors.Select(e => e.ErrorMm).Order()];
        if (errors.Length > 0)
        {
            var path = new StringBuilder($"M{X(0)},{Y(0)}");
            int hits = 0;
            foreach (double e in errors)
            {
                if (e > maxMm)
                {
                    break;
                }

                path.Append($" H{X(e)}");
                hits++;
                path.Append($" V{Y((double)hits / errors.Length)}");
            }

            path.Append($" H{X(maxMm)}");
            svg.Append($"<path d=\"{path}\" fill=\"none\" stroke=\"{Series}\" stroke-width=\"2\"/>");
            // The thresholds' rates are listed in a box at the lower right (labels beside close points would overlap).
            double[] shown = [.. metrics.ThresholdsMm.Where(t => t <= maxMm)];
            double boxX = L + plotW - 130, boxY = T + plotH - 14 - (16 * shown.Length);
            svg.Append($"<rect x=\"{F(boxX)}\" y=\"{F(boxY)}\" width=\"122\" height=\"{F(8 + (16 * shown.Length))}\" fill=\"#fff\" stroke=\"#ccc\"/>");
            for (int n = 0; n < shown.Length; n++)
            {
                double t = shown[n], rate = metrics.Sdr[t];
                svg.Append($"<circle cx=\"{X(t)}\" cy=\"{Y(rate)}\" r=\"4\" fill=\"#d9480f\"><title>SDR {MetricFormat.Threshold(t)} mm: {MetricFormat.Percent(rate)}</title></circle>");
                svg.Append($"<circle cx=\"{F(boxX + 10)}\" cy=\"{F(boxY + 12 + (16 * n))}\" r=\"3\" fill=\"#d9480f\"/>");
                svg.Append($"<text x=\"{F(boxX + 18)}\" y=\"{F(boxY + 16 + (16 * n))}\" font-size=\"11\">≤ {MetricFormat.Threshold(t)} mm: {MetricFormat.Percent(rate)}</text>");
            }
        }
        else
        {
            svg.Append($"<text x=\"{F(L + (plotW / 2))}\" y=\"{F(T + (plotH / 2))}\" text-anchor=\"middle\">no landmark measured</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>10 mm, or a round number covering 95 % of the errors when that is more.</summary>
    public static double SdrCurveRange(LandmarkDetectionMetrics metrics)
    {
        double[] errors = [.. metrics.Errors.Select(e => e.ErrorMm).Order()];
        if (errors.Length == 0)
        {
            return 10;
        }

        double p95 = errors[(int)Math.Ceiling(0.95 * (errors.Length - 1))];
        if (p95 <= 10)
        {
            return 10;
        }

        double step = NiceStep(p95 / 10);
        return Math.Ceiling(p95 / step) * step;
    }

    /// <summary>A horizontal bar per landmark: its MRE, with a whisker of ± one sample SD.</summary>
    public static string LandmarkErrorBars(LandmarkDetectionMetrics metrics)
    {
        PerLandmarkMetrics[] rows = [.. metrics.Landmarks];
        int labelWidth = Math.Clamp(8 + (7 * (rows.Length == 0 ? 4 : rows.Max(r => r.Landmark.Length))), 60, 180);
        const int RowH = 18, T = 20, B = 46, R = 56, PlotW = 400;
        int w = labelWidth + PlotW + R, h = T + B + (RowH * Math.Max(rows.Length, 1));
        double max = 0;
        foreach (PerLandmarkMetrics r in rows)
        {
            max = Math.Max(max, Finite(r.MreMm) + Finite(r.SdMm));
        }

        double step = NiceStep(Math.Max(max, 0.1) / 5);
        double axisMax = Math.Ceiling(Math.Max(max, 0.1) / step) * step;
        string X(double mm) => F(labelWidth + (PlotW * Math.Clamp(mm, 0, axisMax) / axisMax));
        double plotBottom = T + (RowH * Math.Max(rows.Length, 1));
        var svg = Open(w, h, "Mean radial error per landmark");
        for (double x = 0; x <= axisMax + 1e-9; x += step)
        {
            svg.Append($"<line x1=\"{X(x)}\" y1=\"{T}\" x2=\"{X(x)}\" y2=\"{F(plotBottom)}\" stroke=\"{Grid}\"/>");
            svg.Append($"<text x=\"{X(x)}\" y=\"{F(plotBottom + 16)}\" text-anchor=\"middle\">{F(x)}</text>");
        }

        svg.Append($"<text x=\"{F(labelWidth + (PlotW / 2.0))}\" y=\"{h - 8}\" text-anchor=\"middle\">mean radial error ± SD (mm)</text>");
        for (int n = 0; n < rows.Length; n++)
        {
            PerLandmarkMetrics r = rows[n];
            double y = T + (RowH * n);
            string label = WebUtility.HtmlEncode(r.Landmark);
            svg.Append($"<text x=\"{labelWidth - 6}\" y=\"{F(y + 13)}\" text-anchor=\"end\">{label}</text>");
            if (!double.IsFinite(r.MreMm))
            {
                svg.Append($"<text x=\"{labelWidth + 4}\" y=\"{F(y + 13)}\" fill=\"#888\">not measured</text>");
                continue;
            }

            svg.Append($"<rect x=\"{labelWidth}\" y=\"{F(y + 3)}\" width=\"{F((PlotW * r.MreMm / axisMax) + 0.0)}\" height=\"{RowH - 6}\" fill=\"{Series}\" opacity=\"0.8\"><title>{label}: {MetricFormat.Mm(r.MreMm)} ± {MetricFormat.Mm(r.SdMm)} mm (n = {r.Count})</title></rect>");
            if (double.IsFinite(r.SdMm))
            {
                double lo = r.MreMm - r.SdMm, hi = r.MreMm + r.SdMm;
                string cy = F(y + (RowH / 2.0));
                svg.Append($"<line x1=\"{X(lo)}\" y1=\"{cy}\" x2=\"{X(hi)}\" y2=\"{cy}\" stroke=\"#222\"/>");
                svg.Append($"<line x1=\"{X(lo)}\" y1=\"{F(y + 5)}\" x2=\"{X(lo)}\" y2=\"{F(y + RowH - 5)}\" stroke=\"#222\"/>");
                svg.Append($"<line x1=\"{X(hi)}\" y1=\"{F(y + 5)}\" x2=\"{X(hi)}\" y2=\"{F(y + RowH - 5)}\" stroke=\"#222\"/>");
            }

            double textAt = Math.Max(r.MreMm, double.IsFinite(r.SdMm) ? r.MreMm + r.SdMm : r.MreMm);
            svg.Append($"<text x=\"{F(labelWidth + (PlotW * Math.Min(textAt, axisMax) / axisMax) + 4)}\" y=\"{F(y + 13)}\" font-size=\"11\" fill=\"#333\">{MetricFormat.Mm(r.MreMm)}</text>");
        }

        svg.Append($"<line x1=\"{labelWidth}\" y1=\"{T}\" x2=\"{labelWidth}\" y2=\"{F(plotBottom)}\" stroke=\"{Axis}\"/>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A "nice" step (1, 2 or 5 × a power of ten) at least <paramref name="rough"/>.</summary>
    internal static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (double m in (double[])[1, 2, 5, 10])
        {
            if (m * power >= rough - 1e-12)
            {
                return m * power;
            }
        }

        return 10 * power;
    }

    private static StringBuilder Open(int width, int height, string title) =>
        new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(title)}</title>");

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    private static string F(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
