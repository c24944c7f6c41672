using H3deMl.Core.Data;
using H3deMl.Core.IO;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.Evaluators.Reports;
using Microsoft.ML;

namespace H3deMl;

/// <summary>Writes an evaluation as one self-contained HTML page: the metrics tables, an SDR-versus-threshold curve,
/// a per-landmark error chart and, for each case, axial, coronal and sagittal slices through every landmark with the
/// ground truth and the prediction marked.</summary>
/// <remarks>The page references nothing outside itself (charts are inline SVG, images are <c>data:</c> PNGs written by
/// the library's own encoder), so it can be mailed or archived and opened offline. Slices are sampled in LPS world space
/// with square pixels from the scan (in the original scan's world frame), so anisotropic spacing and oblique orientations are shown true to scale
/// and the marks sit where the coordinates say. Typical size: 15–25 kB per slice image.</remarks>
public static class LandmarkReport
{
    /// <summary>Writes the report, taking each case's scan from a data view.</summary>
    /// <remarks>The scans come from the rows of <paramref name="data"/> whose case id (its <c>Id</c>, else its
    /// <c>ScanPath</c>, as <c>ml.Landmarks.Evaluate</c> names cases) is a shown case: from its <c>Volume</c> column when it
    /// has one (the prepared scan, in the original scan's world frame, so the marks sit where the coordinates say), else
    /// read again from the file or DICOM folder in its <c>ScanPath</c>. Pass the view that was evaluated, e.g.
    /// <c>model.Transform(test)</c>, or the untransformed <c>test</c>. The view is read once; only the shown cases' scans
    /// are loaded, one at a time. A case whose scan cannot be read gets a note instead of images.</remarks>
    /// <param name="metrics">The evaluation.</param>
    /// <param name="path">The output file (overwritten; its folder is created).</param>
    /// <param name="data">The data holding the cases' scans, or null (or a view with neither a Volume nor a ScanPath
    /// column) for a report without slice views.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work, and the pipeline steps computing the rows.</param>
    /// <exception cref="ArgumentNullException"><paramref name="metrics"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public static void WriteHtmlReport(this LandmarkDetectionMetrics metrics, string path, IDataView? data = null, LandmarkReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(path);
        options ??= new LandmarkReportOptions();
        options.Validate();
        WriteFile(path, writer => HtmlReportWriter.Write(writer, metrics, data is null ? null : DataViewCaseScans.Create(data), options, cancellationToken));
    }

    /// <summary>Writes the report to a text writer, taking each case's scan from a data view (see
    /// <see cref="WriteHtmlReport(LandmarkDetectionMetrics, string, IDataView?, LandmarkReportOptions?, CancellationToken)"/>).</summary>
    /// <param name="metrics">The evaluation.</param>
    /// <param name="writer">The destination (UTF-8 is expected; the page declares it).</param>
    /// <param name="data">The data holding the cases' scans, or null for a report without slice views.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work, and the pipeline steps computing the rows.</param>
    /// <exception cref="ArgumentNullException"><paramref name="metrics"/> or <paramref name="writer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public static void WriteHtmlReport(this LandmarkDetectionMetrics metrics, TextWriter writer, IDataView? data = null, LandmarkReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(writer);
        options ??= new LandmarkReportOptions();
        options.Validate();
        HtmlReportWriter.Write(writer, metrics, data is null ? null : DataViewCaseScans.Create(data), options, cancellationToken);
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
    public static void WriteHtmlReport(this LandmarkDetectionMetrics metrics, string path, Func<string, Volume?> volumeOfCase, LandmarkReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(volumeOfCase);
        options ??= new LandmarkReportOptions();
        options.Validate();
        WriteFile(path, writer => HtmlReportWriter.Write(writer, metrics, CaseScans.FromFunction(volumeOfCase), options, cancellationToken));
    }

    /// <summary>Whether an exception is an expected failure to read a case's scan (reported on the page, not thrown).</summary>
    internal static bool IsLoadFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or VolumeFormatException or LandmarkFormatException or DatasetException or InvalidOperationException or InvalidDataException
        || (e is ScanStepException { InnerException: { } inner } && IsLoadFailure(inner));

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
