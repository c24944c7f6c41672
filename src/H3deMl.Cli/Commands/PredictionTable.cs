using System.Globalization;

namespace H3deMl.Cli.Commands;

/// <summary>The console table of one scan's prediction: world LPS position, presence probability and decision.</summary>
internal static class PredictionTable
{
    public static void Write(TextWriter output, string scan, string target, IReadOnlyList<PredictedLandmark> points, double threshold)
    {
        int width = Math.Max(8, points.Max(p => p.Name.Length));
        output.WriteLine($"{CommandLineText.Name(scan)} → {target}");
        output.WriteLine($"  {"landmark".PadRight(width)}  {"x (mm)",10} {"y (mm)",10} {"z (mm)",10}  presence");
        foreach (PredictedLandmark p in points)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {p.Name.PadRight(width)}  {p.L,10:F2} {p.P,10:F2} {p.S,10:F2}  {p.PresenceProbability,8:F3}{(p.IsPresent ? "" : "  absent")}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  (world LPS coordinates of the scan; presence is the probability that the landmark is in the scan, present at or above the model's threshold {threshold:F3})"));
    }
}
