using System.CommandLine;
using System.Globalization;
using H3deMl.Core.Data;
using H3deMl.Core.IO;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Pipeline;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de predict --model MODEL.zip SCAN... [--out DIR] [--format mrk.json|fcsv|csv]</c>: predicts every landmark of
/// each scan and writes one landmark file per scan (presence probability in each point's description; landmarks
/// predicted absent are written with Slicer's <c>positionStatus: missing</c>). With <c>--raw</c> it runs the network
/// alone on a preprocessed tensor instead (see <see cref="RawPrediction"/>).
/// </summary>
internal static class PredictCommand
{
    private static readonly string[] Formats = ["mrk.json", "fcsv", "csv"];
    private static readonly string[] VolumeExtensions = [".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".npy", ".dcm"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var scans = new Argument<string[]>("scan") { Description = "Scans to predict: volume files (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd, .dcm) or DICOM folders.", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model") { Description = "The model zip (from 'h3de train' or 'h3de import-checkpoint').", Required = true };
        var outDir = new Option<string?>("--out") { Description = "The folder for the landmark files, one per scan named after it (default: the current folder)." };
        var format = new Option<string>("--format") { Description = "Landmark file format: mrk.json (3D Slicer Markups, default), fcsv (Slicer) or csv (name,x,y,z,description; LPS mm).", DefaultValueFactory = _ => "mrk.json" };
        format.AcceptOnlyFromAmong(Formats);
        var raw = new Option<string?>("--raw") { Description = "Run only the network on an already preprocessed 1×1×D×H×W float32 .npy and write its raw output to --raw-out (no scans then)." };
        var rawOut = new Option<string?>("--raw-out") { Description = "The .npy for the raw output: heatmap 1×N×D×H×W, or anchors 1×(D/4)×(H/4)×(W/4)×4×(3+N) as the reference lays them out (offsets, then class logits)." };
        var rawHead = new Option<string?>("--raw-head") { Description = "Which output to write with --raw when the model has both heads: heatmap or anchors (required then)." };
        rawHead.AcceptOnlyFromAmong("heatmap", "anchors");
        var command = new Command(
            "predict",
            "Predict the landmarks of scans with a trained model: one landmark file per scan (readable in 3D Slicer; the presence probability is in each point's description, landmarks predicted absent are marked missing) and a table on the console.\n\n" +
            "Examples:\n" +
            "  h3de predict --model h3de.zip case01.nii.gz case02.nrrd --out predictions\n" +
            "  h3de predict --model h3de.zip ./dicom-series --format fcsv\n" +
            "  h3de predict --model h3de.zip --raw input.npy --raw-out output.npy")
        {
            scans, model, outDir, format, raw, rawOut, rawHead,
        };
        command.SetAction(parse => CommandErrors.Guard(error, () =>
        {
            string modelPath = parse.GetValue(model)!;
            string[] scanPaths = parse.GetValue(scans) ?? [];
            string? rawIn = parse.GetValue(raw), rawOutPath = parse.GetValue(rawOut);
            if (rawIn is not null || rawOutPath is not null)
            {
                if (rawIn is null || rawOutPath is null || scanPaths.Length > 0)
                {
                    error.WriteLine("h3de: --raw needs --raw-out (and no scans): h3de predict --model MODEL.zip --raw INPUT.npy --raw-out OUTPUT.npy");
                    return ExitCodes.Usage;
                }

                return RawPrediction.Run(modelPath, rawIn, rawOutPath, parse.GetValue(rawHead), output, error);
            }

            if (scanPaths.FirstOrDefault(p => p.StartsWith('-') && !File.Exists(p) && !Directory.Exists(p)) is { } unknown)
            {
                error.WriteLine($"h3de: {unknown}: unknown option. Run 'h3de predict --help' for usage.");
                return ExitCodes.Usage;
            }

            if (scanPaths.Length == 0)
            {
                error.WriteLine("h3de: give at least one scan to predict (or --raw INPUT.npy --raw-out OUTPUT.npy). Run 'h3de predict --help' for usage.");
                return ExitCodes.Usage;
            }

            return Run(modelPath, scanPaths, parse.GetValue(outDir) ?? ".", parse.GetValue(format)!, output, error);
        }));
        return command;
    }

    internal static int Run(string modelPath, IReadOnlyList<string> scans, string outDir, string format, TextWriter output, TextWriter error)
    {
        var ml = new H3deContext();
        ScanTransformerChain<IScanTransformer> model = LoadModel(ml, modelPath);
        ScanPredictionEngine engine = ml.Model.CreatePredictionEngine(model);
        Directory.CreateDirectory(outDir);
        int failed = 0;
        foreach (string scan in scans)
        {
            Volume volume;
            try
            {
                volume = Volume.Read(scan);
            }
            catch (Exception e) when (e is VolumeFormatException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine(e is FileNotFoundException or DirectoryNotFoundException ? $"h3de: {scan}: the file does not exist." : $"h3de: {e.Message}");
                failed++;
                continue;
            }

            LandmarkPrediction prediction = engine.Predict(volume);
            string target = Path.Combine(outDir, Stem(scan) + "." + format);
            string[] descriptions = [.. prediction.PresenceProbabilities.Select(p => string.Create(CultureInfo.InvariantCulture, $"presence {p:F3}"))];
            prediction.Landmarks.Write(target, descriptions);
            PrintTable(output, scan, target, prediction);
        }

        return failed == 0 ? ExitCodes.Success : ExitCodes.BadInput;
    }

    /// <summary>Loads a model zip; a missing file is reported as bad input naming it.</summary>
    internal static ScanTransformerChain<IScanTransformer> LoadModel(H3deContext ml, string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: the model file does not exist.", path);
        }

        try
        {
            return ml.Model.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(path, $"{path}: not a model zip ({e.Message}).", innerException: e);
        }
    }

    /// <summary>The output name of a scan: its file name without the volume extension, or the DICOM folder's name.</summary>
    internal static string Stem(string scan)
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

    private static void PrintTable(TextWriter output, string scan, string target, LandmarkPrediction prediction)
    {
        LandmarkSet set = prediction.Landmarks;
        int width = Math.Max(8, set.Names.Max(n => n.Length));
        output.WriteLine($"{CommandLineText.Name(scan)} → {target}");
        output.WriteLine($"  {"landmark".PadRight(width)}  {"x (mm)",10} {"y (mm)",10} {"z (mm)",10}  presence");
        for (int i = 0; i < set.Count; i++)
        {
            Landmark l = set[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {l.Name.PadRight(width)}  {l.PositionLps.X,10:F2} {l.PositionLps.Y,10:F2} {l.PositionLps.Z,10:F2}  {prediction.PresenceProbabilities[i],8:F3}{(l.IsPresent ? "" : "  absent")}"));
        }

        output.WriteLine("  (world LPS coordinates of the scan; presence is the probability that the landmark is in the scan)");
    }
}
