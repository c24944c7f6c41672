using H3deMl.Core.Data;
using H3deMl.Core.IO;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.Evaluators.Reports;

namespace H3deMl.Evaluators;

/// <summary>Writes an evaluation as one self-contained HTML page: the metrics tables, an SDR-versus-threshold curve,
/// a per-landmark error chart and, for each case, axial, coronal and sagittal slices through every landmark with the
/// ground truth and the prediction marked.</summary>
/// <remarks>The page references nothing outside itself (charts are inline SVG, images are <c>data:</c> PNGs written by
/// the library's own encoder), so it can be mailed or archived and opened offline. Slices are sampled in LPS world space
/// with square pixels from the original scan, so anisotropic spacing and oblique orientations are shown true to scale
/// and the marks sit where the coordinates say. Typical size: 15–25 kB per slice image.</remarks>
public static class LandmarkReport
{
    /// <summary>Writes the report, taking each case's scan from a dataset.</summary>
    /// <remarks>Each shown case's original scan is re-read from its source row in <paramref name="scans"/>
    /// (<see cref="ScanDataView.SourceRows"/>, matched by id, loaded with <see cref="ScanLoader"/>), not taken from the
    /// transformed rows, whose volumes may be cropped or normalised. Pass the view that was evaluated, e.g.
    /// <c>model.Transform(test)</c>, or the untransformed <c>test</c>. A case whose scan cannot be read gets a note
    /// instead of images.</remarks>
    /// <param name="metrics">The evaluation.</param>
    /// <param name="path">The output file (overwritten; its folder is created).</param>
    /// <param name="scans">The dataset holding the cases' scans, or null for a report without slice views.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentNullException"><paramref name="metrics"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public static void WriteHtmlReport(this LandmarkMetrics metrics, string path, ScanDataView? scans = null, LandmarkReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(path);
        WriteFile(path, writer => WriteHtmlReport(metrics, writer, scans, options, cancellationToken));
    }

    /// <summary>Writes the report to a text writer, taking each case's scan from a dataset (see
    /// <see cref="WriteHtmlReport(LandmarkMetrics, string, ScanDataView?, LandmarkReportOptions?, CancellationToken)"/>).</summary>
    /// <param name="metrics">The evaluation.</param>
    /// <param name="writer">The destination (UTF-8 is expected; the page declares it).</param>
    /// <param name="scans">The dataset holding the cases' scans, or null for a report without slice views.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentNullException"><paramref name="metrics"/> or <paramref name="writer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public static void WriteHtmlReport(this LandmarkMetrics metrics, TextWriter writer, ScanDataView? scans = null, LandmarkReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(writer);
        options ??= new LandmarkReportOptions();
        options.Validate();
        HtmlReportWriter.Write(writer, metrics, scans is null ? null : FromView(scans), options, cancellationToken);
    }

    /// <summary>Writes the report, taking each case's scan from a function.</summary>
    /// <param name="metrics">The evaluation.</param>
    /// <param name="path">The output file (overwritten; its folder is created).</param>
    /// <param name="volumeOfCase">Returns the original scan of a case id (in the frame of the evaluated coordinates), or
    /// null when it has none.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public static void WriteHtmlReport(this LandmarkMetrics metrics, string path, Func<string, Volume?> volumeOfCase, LandmarkReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(volumeOfCase);
        options ??= new LandmarkReportOptions();
        options.Validate();
        WriteFile(path, writer => HtmlReportWriter.Write(writer, metrics, (id, _) => volumeOfCase(id), options, cancellationToken));
    }

    /// <summary>Whether an exception is an expected failure to read a case's scan (reported on the page, not thrown).</summary>
    internal static bool IsLoadFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or VolumeFormatException or LandmarkFormatException or DatasetException or InvalidOperationException or InvalidDataException;

    private static HtmlReportWriter.VolumeSource FromView(ScanDataView scans)
    {
        var rows = new Dictionary<string, ScanRow>(StringComparer.Ordinal);
        foreach (ScanRow row in scans.SourceRows)
        {
            rows.TryAdd(row.Id, row);
        }

        return (id, ct) => rows.TryGetValue(id, out ScanRow? row) ? ScanLoader.Load(row, ct).Volume : null;
    }

    private static void WriteFile(string path, Action<TextWriter> write)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Written beside and moved into place, so a failed or cancelled report never leaves a truncated page behind.
        string temporary = path + ".tmp";
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)))
            {
                write(writer);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
