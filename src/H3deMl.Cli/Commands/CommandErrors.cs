using H3deMl.Core.Data;
using H3deMl.Core.IO;
using H3deMl.Core.Landmarks;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Cli.Commands;

/// <summary>Maps the library's input errors to one-line messages on stderr and exit code 1.</summary>
internal static class CommandErrors
{
    /// <summary>Runs a command body; bad input becomes exit code 1 with one line (naming the file) on stderr, never a stack trace.</summary>
    public static int Guard(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            error.WriteLine($"h3de: {message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The one-line message of an input error, or null when <paramref name="e"/> is not one (a bug: let it surface).</summary>
    public static string? Describe(Exception e) => e switch
    {
        FileNotFoundException f => $"{f.FileName ?? OneLine(f.Message)}: the file does not exist.",
        VolumeFormatException or LandmarkFormatException or ModelFormatException or DatasetException => OneLine(e.Message),
        ScanStepException { InnerException: { } inner } step when Describe(inner) is { } innerMessage =>
            $"case '{step.CaseId}': {innerMessage}",
        IOException or UnauthorizedAccessException => OneLine(e.Message),
        _ => null,
    };

    /// <summary>A message on one line (library messages may list problems on several).</summary>
    public static string OneLine(string message) =>
        string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
