namespace H3deMl.Cli;

/// <summary>Process exit codes of the h3de tool (the same for every command).</summary>
internal static class ExitCodes
{
    /// <summary>The command succeeded.</summary>
    public const int Success = 0;

    /// <summary>The input was bad (missing, malformed or unsupported file, an output that exists or cannot be written);
    /// one line on stderr names the file and the problem.</summary>
    public const int BadInput = 1;

    /// <summary>The command line was wrong (no or unknown command or option, missing argument, malformed value).</summary>
    public const int Usage = 2;

    /// <summary>Training was stopped with Ctrl+C (128 + SIGINT, the shell convention) after writing a checkpoint.</summary>
    public const int Interrupted = 130;
}
