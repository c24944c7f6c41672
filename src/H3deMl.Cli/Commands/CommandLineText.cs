namespace H3deMl.Cli.Commands;

/// <summary>Formats values for messages that show a command line or a duration.</summary>
internal static class CommandLineText
{
    /// <summary>Quotes an argument for a POSIX shell when it holds anything but safe characters.</summary>
    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>A duration as h:mm:ss or m:ss.</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes}:{t.Seconds:00}";

    /// <summary>The file or folder name of a path, for one-line messages.</summary>
    public static string Name(string path) => Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
}
