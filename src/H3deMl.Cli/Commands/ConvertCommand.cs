using System.CommandLine;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;

namespace H3deMl.Cli.Commands;

/// <summary><c>h3de convert IN OUT</c>: converts a volume or a landmark file to another format, keeping the geometry.</summary>
internal static class ConvertCommand
{
    private static readonly string[] VolumeOutputs = [".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".npy"];
    private static readonly string[] LandmarkOutputs = [".mrk.json", ".json", ".fcsv", ".csv"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Argument<string>("input") { Description = "The file (or DICOM folder) to convert." };
        var outputPath = new Argument<string>("output") { Description = "The output file; its extension chooses the format." };
        var reference = new Option<string?>("--reference") { Description = "For voxel-index landmarks (*_label.npy): the volume whose geometry they refer to." };
        var command = new Command(
            "convert",
            "Convert a volume (to .nii.gz, .nii, .nrrd, .nhdr, .mha, .mhd, .npy) or landmarks (to .mrk.json, .fcsv, .csv), keeping the geometry.\n\n" +
            "Examples:\n" +
            "  h3de convert case01.nii.gz case01.nrrd\n" +
            "  h3de convert ./dicom-series ct.nii.gz\n" +
            "  h3de convert Skull_LMs.fcsv skull.mrk.json\n" +
            "  h3de convert case7_label.npy case7.mrk.json --reference case7.nii.gz")
        {
            input,
            outputPath,
            reference,
        };
        command.SetAction(parse => CommandErrors.Guard(error, () => Run(parse.GetValue(input)!, parse.GetValue(outputPath)!, parse.GetValue(reference), output, error)));
        return command;
    }

    internal static bool IsLandmarkPath(string path)
    {
        string name = path.ToLowerInvariant();
        return name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".fcsv", StringComparison.Ordinal) ||
            name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith("_label.npy", StringComparison.Ordinal);
    }

    private static int Run(string input, string output, string? reference, TextWriter stdout, TextWriter error)
    {
        string outName = output.ToLowerInvariant();
        if (IsLandmarkPath(input))
        {
            if (!LandmarkOutputs.Any(e => outName.EndsWith(e, StringComparison.Ordinal)))
            {
                error.WriteLine($"h3de: {Path.GetFileName(output)}: landmarks are written as {string.Join(", ", LandmarkOutputs)}.");
                return ExitCodes.Usage;
            }

            LandmarkSet set = LandmarkSet.Read(input, reference is null ? null : Volume.Read(reference).Geometry);
            set.Write(output);
            stdout.WriteLine($"{Path.GetFileName(input)} → {Path.GetFileName(output)}: {set.Count} landmarks");
            return ExitCodes.Success;
        }

        if (!VolumeOutputs.Any(e => outName.EndsWith(e, StringComparison.Ordinal)))
        {
            error.WriteLine($"h3de: {Path.GetFileName(output)}: volumes are written as {string.Join(", ", VolumeOutputs)}.");
            return ExitCodes.Usage;
        }

        Volume volume = Volume.Read(input);
        VolumeElementType written = volume.GetWriteElementType();
        volume.Write(output, written);
        stdout.WriteLine($"{Path.GetFileName(Path.TrimEndingDirectorySeparator(input))} → {Path.GetFileName(output)}: {volume.Size}, {volume.OriginalElementType.ToShortName()} read, {written.ToShortName()} written");
        return ExitCodes.Success;
    }
}
