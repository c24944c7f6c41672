using H3deMl.Evaluators;

namespace H3deMl;

public sealed partial class LandmarkDetectionMetrics
{
    /// <summary>Writes one row per case: <c>case,landmarks,mre_mm,sd_mm,sdr_2mm,…,tp,fp,tn,fn</c> (invariant culture,
    /// header row, empty field for an undefined value, SDR as a fraction in [0, 1]).</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteCasesCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("case,landmarks,mre_mm,sd_mm");
        WriteThresholdHeaders(writer);
        writer.Write(",tp,fp,tn,fn\n");
        foreach (CaseMetrics c in Cases)
        {
            writer.Write($"{MetricFormat.Csv(c.CaseId)},{c.LandmarkCount},{MetricFormat.Csv(c.MreMm)},{MetricFormat.Csv(c.SdMm)}");
            WriteRates(writer, c.Sdr);
            WritePresence(writer, c.Presence);
            writer.Write('\n');
        }
    }

    /// <summary>Writes the per-case table to a file (see <see cref="WriteCasesCsv(TextWriter)"/>).</summary>
    /// <param name="path">The output path; overwritten.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteCasesCsv(string path) => WriteFile(path, WriteCasesCsv);

    /// <summary>Writes one row per landmark:
    /// <c>landmark,count,mre_mm,sd_mm,sdr_2mm,…,tp,fp,tn,fn,precision,recall,f1</c> (invariant culture, header row, empty
    /// field for an undefined value, SDR as a fraction in [0, 1]).</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteLandmarksCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("landmark,count,mre_mm,sd_mm");
        WriteThresholdHeaders(writer);
        writer.Write(",tp,fp,tn,fn,precision,recall,f1\n");
        foreach (PerLandmarkMetrics l in Landmarks)
        {
            writer.Write($"{MetricFormat.Csv(l.Landmark)},{l.Count},{MetricFormat.Csv(l.MreMm)},{MetricFormat.Csv(l.SdMm)}");
            WriteRates(writer, l.Sdr);
            WritePresence(writer, l.Presence);
            writer.Write($",{MetricFormat.Csv(l.Presence.Precision)},{MetricFormat.Csv(l.Presence.Recall)},{MetricFormat.Csv(l.Presence.F1)}\n");
        }
    }

    /// <summary>Writes the per-landmark table to a file (see <see cref="WriteLandmarksCsv(TextWriter)"/>).</summary>
    /// <param name="path">The output path; overwritten.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteLandmarksCsv(string path) => WriteFile(path, WriteLandmarksCsv);

    /// <summary>Writes one row per measured landmark instance: <c>case,landmark,truth_x,truth_y,truth_z,predicted_x,
    /// predicted_y,predicted_z,error_mm,error_x,error_y,error_z,error_i,error_j,error_k,predicted_present,presence_probability</c>
    /// (LPS mm; error = predicted − truth; the voxel columns are empty when the case's geometry is unknown).</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteErrorsCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("case,landmark,truth_x,truth_y,truth_z,predicted_x,predicted_y,predicted_z,error_mm,error_x,error_y,error_z,error_i,error_j,error_k,predicted_present,presence_probability\n");
        foreach (LandmarkError e in Errors)
        {
            string C(double v) => MetricFormat.Csv(v);
            string voxels = e.ErrorVoxels is { } v ? $"{C(v.X)},{C(v.Y)},{C(v.Z)}" : ",,";
            writer.Write(
                $"{MetricFormat.Csv(e.CaseId)},{MetricFormat.Csv(e.Landmark)},{C(e.TruthLps.X)},{C(e.TruthLps.Y)},{C(e.TruthLps.Z)}," +
                $"{C(e.PredictedLps.X)},{C(e.PredictedLps.Y)},{C(e.PredictedLps.Z)},{C(e.ErrorMm)}," +
                $"{C(e.ErrorVectorLps.X)},{C(e.ErrorVectorLps.Y)},{C(e.ErrorVectorLps.Z)},{voxels}," +
                $"{(e.IsPredictedPresent ? "true" : "false")},{C(e.PresenceProbability)}\n");
        }
    }

    /// <summary>Writes the per-instance errors to a file (see <see cref="WriteErrorsCsv(TextWriter)"/>).</summary>
    /// <param name="path">The output path; overwritten.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteErrorsCsv(string path) => WriteFile(path, WriteErrorsCsv);

    private static void WriteFile(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        write(writer);
    }

    private void WriteThresholdHeaders(TextWriter writer)
    {
        foreach (double t in ThresholdsMm)
        {
            writer.Write(',');
            writer.Write(SdrColumnName(t));
        }
    }

    private void WriteRates(TextWriter writer, IReadOnlyDictionary<double, double> rates)
    {
        foreach (double t in ThresholdsMm)
        {
            writer.Write(',');
            writer.Write(MetricFormat.Csv(rates[t]));
        }
    }

    private static void WritePresence(TextWriter writer, PresenceMetrics p) =>
        writer.Write($",{p.TruePositives},{p.FalsePositives},{p.TrueNegatives},{p.FalseNegatives}");
}
