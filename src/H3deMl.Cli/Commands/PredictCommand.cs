using System.CommandLine;
using System.Globalization;
using H3deMl.Core.IO;
using H3deMl.Core.Volumes;
using Microsoft.ML;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de predict --model MODEL.zip SCAN... [--out DIR] [--format mrk.json|fcsv|csv] [--overwrite]</c>: predicts every
/// landmark of each scan with a prediction engine (<c>ScanInput</c> → <c>LandmarkPrediction</c>) and writes one landmark
/// file per scan (presence probability in each point's description; landmarks predicted absent are written with
/// Slicer's <c>positionStatus: missing</c>); see <see cref="PredictionTargets"/> for the file names. With <c>--raw</c>
/// it runs the network alone on a preprocessed tensor instead (see <see cref="RawPrediction"/>).
/// </summary>
internal static class PredictCommand
{
    private static readonly string[] Formats = ["mrk.json", "fcsv", "csv"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var scans = new Argument<string[]>("scan") { Description = "Scans to predict: volume files (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd, .dcm) or DICOM folders.", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model") { Description = "The model zip (from 'h3de train' or 'h3de import-checkpoint').", Required = true };
        var outDir = new Option<string?>("--out") { Description = "The folder for the landmark files, DIR/NAME.FORMAT per scan (created if needed). Default: NAME.predicted.FORMAT in the current folder." };
        var format = new Option<string>("--format") { Description = "Landmark file format: mrk.json (3D Slicer Markups, default), fcsv (Slicer) or csv (name,x,y,z,description; LPS mm).", DefaultValueFactory = _ => "mrk.json" };
        format.AcceptOnlyFromAmong(Formats);
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace landmark files that exist (without it an existing file stops the command before anything is predicted)." };
        var raw = new Option<string?>("--raw") { Description = "Run only the network on an already preprocessed 1×1×D×H×W float32 .npy and write its raw output to --raw-out (no scans then)." };
        var rawOut = new Option<string?>("--raw-out") { Description = "The .npy for the raw output: heatmap 1×N×D×H×W, or anchors 1×(D/4)×(H/4)×(W/4)×4×(3+N) as the reference lays them out (offsets, then class logits)." };
        var rawHead = new Option<string?>("--raw-head") { Description = "Which output to write with --raw when the model has both heads: heatmap or anchors (required then)." };
        rawHead.AcceptOnlyFromAmong("heatmap", "anchors");
        var command = new Command(
            "predict",
            "Predict the landmarks of scans with a trained model: one landmark file per scan (readable in 3D Slicer; the presence probability is in each point's description, landmarks predicted absent are marked missing) and a table on the console with the model's presence threshold. Two scans with the same name are refused (they would write the same file), and existing files are kept unless --overwrite is given.\n\n" +
            "Examples:\n" +
            "  h3de predict --model h3de.zip case01.nii.gz case02.nrrd --out predictions\n" +
            "  h3de predict --model h3de.zip ./dicom-series --format fcsv\n" +
            "  h3de predict --model h3de.zip --raw input.npy --raw-out output.npy")
        {
            scans, model, outDir, format, overwrite, raw, rawOut, rawHead,
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

                return RawPrediction.Run(modelPath, rawIn, rawOutPath, parse.GetValue(rawHead), parse.GetValue(overwrite), output, error);
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

            return Run(modelPath, scanPaths, parse.GetValue(outDir), parse.GetValue(format)!, parse.GetValue(overwrite), output, error);
        }));
        return command;
    }

    internal static int Run(string modelPath, IReadOnlyList<string> scans, string? outDir, string format, bool overwrite, TextWriter output, TextWriter error)
    {
        string[] targets = PredictionTargets.For(scans, outDir, format);
        if (PredictionTargets.Check(scans, targets, overwrite) is { } problem)
        {
            error.WriteLine($"h3de: {problem.Message}");
            return problem.ExitCode;
        }

        var ml = new MLContext();
        ITransformer model = ModelFile.Load(ml, modelPath);
        IReadOnlyList<string> names = model.GetLandmarkNames();
        double threshold = model.GetPresenceThreshold();
        using var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model);
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
        }

        int failed = 0;
        for (int n = 0; n < scans.Count; n++)
        {
            string scan = scans[n];
            Volume volume;
            try
            {
                volume = Volume.Read(scan);
            }
            catch (Exception e) when (e is VolumeFormatException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine(e is FileNotFoundException or DirectoryNotFoundException ? $"h3de: {scan}: the file does not exist." : $"h3de: {CommandErrors.OneLine(e.Message)}");
                failed++;
                continue;
            }

            LandmarkPrediction prediction = engine.Predict(new ScanInput { Id = PredictionTargets.Stem(scan), ScanPath = scan, Volume = volume });
            IReadOnlyList<PredictedLandmark> points = prediction.ToPoints(names);
            string[] descriptions = [.. points.Select(p => string.Create(CultureInfo.InvariantCulture, $"presence {p.PresenceProbability:F3}"))];
            LandmarkColumns.ToSet(points).Write(targets[n], descriptions);
            PredictionTable.Write(output, scan, targets[n], points, threshold);
        }

        return failed == 0 ? ExitCodes.Success : ExitCodes.BadInput;
    }
}
