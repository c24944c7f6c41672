namespace H3deMl.Cli.Commands;

/// <summary>
/// Where <c>h3de predict</c> writes each scan's landmarks: <c>DIR/NAME.FORMAT</c> with <c>--out DIR</c>, else
/// <c>NAME.predicted.FORMAT</c> in the current folder (never <c>NAME.mrk.json</c>, which is how ground truth is named
/// beside a scan). Checked before anything is predicted: two scans may not write the same file, and an existing file is
/// replaced only with <c>--overwrite</c>.
/// </summary>
internal static class PredictionTargets
{
    private static readonly string[] VolumeExtensions = [".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".npy", ".dcm"];

    /// <summary>The output file of each scan, in order.</summary>
    public static string[] For(IReadOnlyList<string> scans, string? outDir, string format) =>
        [.. scans.Select(scan => outDir is null ? $"{Stem(scan)}.predicted.{format}" : Path.Combine(outDir, $"{Stem(scan)}.{format}"))];

    /// <summary>The first problem with the targets as a message and exit code, or null when every scan can be written.</summary>
    public static (string Message, int ExitCode)? Check(IReadOnlyList<string> scans, IReadOnlyList<string> targets, bool overwrite)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < targets.Count; i++)
        {
            if (!first.TryAdd(Path.GetFullPath(targets[i]), i))
            {
                int j = first[Path.GetFullPath(targets[i])];
                return ($"both {scans[j]} and {scans[i]} would write {targets[i]}; predict them into different --out folders.", ExitCodes.Usage);
            }
        }

        foreach (string target in targets.Where(t => !overwrite && (File.Exists(t) || Directory.Exists(t))))
        {
            return ($"{target}: the file exists; pass --overwrite to replace it.", ExitCodes.BadInput);
        }

        return null;
    }

    /// <summary>The output name of a scan: its file name without the volume extension, or the DICOM folder's name.</summary>
    public static string Stem(string scan)
    {
        string name = CommandLineText.Name(scan);
        foreach (string ext in VolumeExtensions)
        {
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase) && name.Length > ext.Length)
            {
                return name[..^ext.Length];
            }
        }

        return name;
    }
}
