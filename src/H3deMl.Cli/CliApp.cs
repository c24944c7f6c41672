using System.CommandLine;
using H3deMl.Cli.Commands;

namespace H3deMl.Cli;

/// <summary>Process exit codes of the h3de tool.</summary>
internal static class ExitCodes
{
    /// <summary>The command succeeded.</summary>
    public const int Success = 0;

    /// <summary>The input was bad (missing, malformed or unsupported file); the message names the file and the problem.</summary>
    public const int BadInput = 1;

    /// <summary>The command line was wrong (unknown command or option, missing argument, unwritable output format).</summary>
    public const int Usage = 2;

    /// <summary>Training was stopped with Ctrl+C (128 + SIGINT, the shell convention) after writing a checkpoint.</summary>
    public const int Interrupted = 130;
}

/// <summary>Builds the command tree and runs it.</summary>
internal static class CliApp
{
    public static RootCommand CreateRoot(TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand(
            "h3de: anatomical landmark detection in 3D medical scans (H3DE-Net).\n\n" +
            "Examples:\n" +
            "  h3de synth data/phantoms --count 20\n" +
            "  h3de train --train data/phantoms --out h3de.zip --config small --crop 64,64,64 --epochs 10\n" +
            "  h3de evaluate --model h3de.zip --data data/test\n" +
            "  h3de predict --model h3de.zip case01.nii.gz\n" +
            "  h3de inspect case01.nii.gz\n" +
            "  h3de inspect ./dicom-series --json\n" +
            "  h3de convert case01.nii.gz case01.nrrd\n" +
            "  h3de convert landmarks.fcsv landmarks.mrk.json");
        root.Subcommands.Add(InspectCommand.Create(output, error));
        root.Subcommands.Add(ConvertCommand.Create(output, error));
        root.Subcommands.Add(ImportCheckpointCommand.Create(output, error));
        root.Subcommands.Add(SynthCommand.Create(output, error));
        root.Subcommands.Add(TrainCommand.Create(output, error, cancellationToken));
        root.Subcommands.Add(EvaluateCommand.Create(output, error));
        root.Subcommands.Add(PredictCommand.Create(output, error));
        root.Subcommands.Add(ExportOnnxCommand.Create(output, error));
        return root;
    }

    /// <summary>Parses and runs a command line; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, CancellationToken.None);

    /// <summary>Parses and runs a command line that long commands (train) stop when <paramref name="cancellationToken"/> is cancelled, as on Ctrl+C.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        RootCommand root = CreateRoot(output, error, cancellationToken);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"h3de: {e.Message}");
            }

            error.WriteLine("Run 'h3de --help' for usage.");
            return ExitCodes.Usage;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }
}
