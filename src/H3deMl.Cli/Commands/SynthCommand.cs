using System.CommandLine;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Volumes;
using Microsoft.ML;

namespace H3deMl.Cli.Commands;

/// <summary><c>h3de synth OUTDIR --count N [--format nii.gz|nrrd|mha] [--seed N] [--size I,J,K]</c>: writes synthetic skull
/// phantoms, each as <c>NAME.&lt;format&gt;</c> with its landmarks in <c>NAME.mrk.json</c>.</summary>
internal static class SynthCommand
{
    private static readonly string[] Formats = ["nii.gz", "nrrd", "mha"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var outDir = new Argument<string>("outdir") { Description = "The folder to write the phantoms to (created if needed)." };
        var count = new Option<int>("--count") { Description = "How many phantoms to write (1 to 100000).", DefaultValueFactory = _ => 20 };
        var format = new Option<string>("--format") { Description = "The volume format: nii.gz (default), nrrd or mha.", DefaultValueFactory = _ => "nii.gz" };
        var seed = new Option<int>("--seed") { Description = "The seed; the same seed writes the same phantoms.", DefaultValueFactory = _ => 1 };
        var size = new Option<string?>("--size") { Description = "Voxels per axis as I,J,K (default 80,80,64)." };
        var command = new Command(
            "synth",
            "Write synthetic skull-like CT phantoms with 13 named landmarks (some missing: absent teeth, cut field of view).\n\n" +
            "Examples:\n" +
            "  h3de synth data/phantoms --count 40\n" +
            "  h3de synth data/phantoms --count 10 --format nrrd --seed 7 --size 96,96,80")
        {
            outDir,
            count,
            format,
            seed,
            size,
        };
        command.SetAction(parse => CommandErrors.Guard(error, () =>
            Run(parse.GetValue(outDir)!, parse.GetValue(count), parse.GetValue(format)!, parse.GetValue(seed), parse.GetValue(size), output, error)));
        return command;
    }

    private static int Run(string outDir, int count, string format, int seed, string? size, TextWriter output, TextWriter error)
    {
        format = format.TrimStart('.').ToLowerInvariant();
        if (!Formats.Contains(format))
        {
            error.WriteLine($"h3de: --format {format}: use one of {string.Join(", ", Formats)}.");
            return ExitCodes.Usage;
        }

        if (count is < 1 or > 100_000)
        {
            error.WriteLine($"h3de: --count {count}: give a number from 1 to 100000.");
            return ExitCodes.Usage;
        }

        var options = new PhantomOptions();
        if (size is not null)
        {
            int[]? parts = ParseSize(size);
            if (parts is null)
            {
                error.WriteLine($"h3de: --size {size}: give three sizes from 16 to 512 as I,J,K (e.g. 96,96,80).");
                return ExitCodes.Usage;
            }

            options = options with { SizeI = parts[0], SizeJ = parts[1], SizeK = parts[2] };
        }

        Directory.CreateDirectory(outDir);
        var ml = new MLContext(seed);
        IDataView phantoms = ml.Data.GeneratePhantoms(count, seed, options);
        IReadOnlyList<string> names = LandmarkColumns.Names(phantoms);
        int missing = 0;
        foreach (PhantomRow row in ml.Data.CreateEnumerable<PhantomRow>(phantoms, reuseRowObject: false))
        {
            LandmarkSet landmarks = LandmarkColumns.ToSet(row.Landmarks, names);
            row.Volume!.Write(Path.Combine(outDir, $"{row.Id}.{format}"));
            landmarks.Write(Path.Combine(outDir, $"{row.Id}.mrk.json"));
            missing += landmarks.Landmarks.Count(l => !l.IsPresent);
        }

        output.WriteLine($"{count} phantoms ({options.SizeI}×{options.SizeJ}×{options.SizeK}, {PhantomGenerator.LandmarkNames.Count} landmarks, {missing} missing in total) written to {outDir} as .{format} + .mrk.json (seed {seed}).");
        return ExitCodes.Success;
    }

    private static int[]? ParseSize(string text)
    {
        string[] parts = text.Split(',', 'x', '×');
        if (parts.Length != 3)
        {
            return null;
        }

        var values = new int[3];
        for (int n = 0; n < 3; n++)
        {
            if (!int.TryParse(parts[n].Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out values[n]) || values[n] is < 16 or > 512)
            {
                return null;
            }
        }

        return values;
    }

    /// <summary>One generated phantom as <c>ml.Data.CreateEnumerable</c> reads it.</summary>
    private sealed class PhantomRow
    {
        public string Id { get; set; } = "";

        public float[] Landmarks { get; set; } = [];

        [VolumeType]
        public Volume? Volume { get; set; }
    }
}
