using System.CommandLine;
using System.CommandLine.Help;
using H3deMl.Cli.Commands;

namespace H3deMl.Cli;

/// <summary>Builds the command tree and runs it.</summary>
internal static class CliApp
{
    public static RootCommand CreateRoot(TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand(
            "h3de: anatomical landmark detection in 3D medical scans (H3DE-Net).\n" +
            "Exit codes: 0 success, 1 bad input (one line names the file and the problem), 2 usage, 130 interrupted.\n\n" +
            "Examples:\n" +
            "  h3de synth data/phantoms --count 16\n" +
            "  h3de train --train data/phantoms --out h3de.zip\n" +
            "  h3de evaluate --model h3de.zip --data data/test\n" +
            "  h3de predict --model h3de.zip case01.nii.gz\n" +
            "  h3de inspect case01.nii.gz case02.nrrd\n" +
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

        // 'h3de' alone: a missing command is a usage error (exit 2), answered with the help instead of an error line.
        root.SetAction(parse =>
        {
            new HelpAction().Invoke(parse);
            return ExitCodes.Usage;
        });
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
            error.WriteLine($"h3de: {CommandErrors.OneLine(parse.Errors[0].Message)} Run 'h3de --help' for usage.");
            return ExitCodes.Usage;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }
}
