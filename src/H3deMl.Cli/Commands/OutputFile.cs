namespace H3deMl.Cli.Commands;

/// <summary>Checks, before long work starts, that an output file can be written where asked.</summary>
internal static class OutputFile
{
    /// <summary>A one-line problem with writing <paramref name="path"/> (its folder does not exist or is not writable, or
    /// the file exists and <paramref name="overwrite"/> is false), or null when it can be written.</summary>
    public static string? Problem(string path, bool overwrite)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            return $"{path}: the folder {folder} does not exist.";
        }

        if (Directory.Exists(path))
        {
            return $"{path}: is a folder; give a file name.";
        }

        if (File.Exists(path) && !overwrite)
        {
            return $"{path}: the file exists; pass --overwrite to replace it.";
        }

        string probe = Path.Combine(folder, $".h3de-write-test-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{path}: the folder {folder} is not writable ({CommandErrors.OneLine(e.Message)}).";
        }
    }
}
