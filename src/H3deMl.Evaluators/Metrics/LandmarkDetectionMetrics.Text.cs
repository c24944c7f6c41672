using System.Text;
using H3deMl.Evaluators;

namespace H3deMl;

public sealed partial class LandmarkDetectionMetrics
{
    /// <summary>A readable fixed-width table: the overall MRE ± SD (per case and per instance), the SDR at each threshold,
    /// the presence precision, recall and F1, the landmarks not evaluated (when some are), then one row per landmark.</summary>
    /// <returns>The table, lines separated by <see cref="Environment.NewLine"/>.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append(Environment.NewLine);

        Line($"Landmark evaluation: {CaseCount} case{(CaseCount == 1 ? string.Empty : "s")}, {LandmarkCount} landmark{(LandmarkCount == 1 ? string.Empty : "s")} measured");
        Line($"  MRE per case      {MetricFormat.Mm(MreMm)} ± {MetricFormat.Mm(MreSdMm)} mm");
        Line($"  MRE per landmark  {MetricFormat.Mm(InstanceMreMm)} ± {MetricFormat.Mm(InstanceSdMm)} mm");
        Line("  SDR               " + string.Join("   ", ThresholdsMm.Select(t => $"≤{MetricFormat.Threshold(t)} mm {MetricFormat.Percent(Sdr[t])}")));
        Line($"  Presence          precision {MetricFormat.Ratio(Presence.Precision)}, recall {MetricFormat.Ratio(Presence.Recall)}, F1 {MetricFormat.Ratio(Presence.F1)} (TP {Presence.TruePositives}, FP {Presence.FalsePositives}, TN {Presence.TrueNegatives}, FN {Presence.FalseNegatives})");
        if (UnmatchedLabelLandmarks.Count > 0 || UnmatchedScoreLandmarks.Count > 0)
        {
            Line($"  Not evaluated     label only: {Names(UnmatchedLabelLandmarks)}; score only: {Names(UnmatchedScoreLandmarks)}");
        }

        Line(string.Empty);

        int nameWidth = Math.Max("landmark".Length, Landmarks.Count == 0 ? 0 : Landmarks.Max(l => l.Landmark.Length));
        string[] sdrHeaders = [.. ThresholdsMm.Select(t => $"≤{MetricFormat.Threshold(t)}mm")];
        int[] sdrWidths = [.. sdrHeaders.Select(h => Math.Max(h.Length, 7))];
        var header = new StringBuilder();
        header.Append("landmark".PadRight(nameWidth)).Append("     n").Append("  MRE mm").Append("   SD mm");
        for (int t = 0; t < sdrHeaders.Length; t++)
        {
            header.Append("  ").Append(sdrHeaders[t].PadLeft(sdrWidths[t]));
        }

        header.Append("    TP    FP    TN    FN");
        Line(header.ToString());
        Line(new string('-', header.Length));
        foreach (PerLandmarkMetrics l in Landmarks)
        {
            var row = new StringBuilder();
            row.Append(l.Landmark.PadRight(nameWidth))
                .Append(l.Count.ToString(MetricFormat.Culture).PadLeft(6))
                .Append(MetricFormat.Mm(l.MreMm).PadLeft(8))
                .Append(MetricFormat.Mm(l.SdMm).PadLeft(8));
            for (int t = 0; t < sdrHeaders.Length; t++)
            {
                row.Append("  ").Append(MetricFormat.Percent(l.Sdr[ThresholdsMm[t]]).PadLeft(sdrWidths[t]));
            }

            PresenceMetrics p = l.Presence;
            foreach (int n in (int[])[p.TruePositives, p.FalsePositives, p.TrueNegatives, p.FalseNegatives])
            {
                row.Append(n.ToString(MetricFormat.Culture).PadLeft(6));
            }

            Line(row.ToString());
        }

        return sb.ToString();
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
