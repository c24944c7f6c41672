using System.CommandLine;
using System.Globalization;
using Microsoft.ML;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de evaluate --model MODEL.zip --data DIR [--csv OUT] [--report OUT.html]</c>: runs the model's evaluation pipeline
/// on a labelled dataset (<c>ml.Landmarks.Evaluate(model.Transform(ml.Data.LoadScans(DIR)))</c>) and prints the metrics
/// table (MRE ± SD, SDR, per-landmark errors, presence detection with the model's presence threshold), optionally
/// writing the per-case, per-landmark and per-error tables as CSV and a self-contained HTML report.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "The model zip (from 'h3de train' or 'h3de import-checkpoint').", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled scans (a folder or manifest .csv, the layouts 'h3de train' reads); every case needs a landmark file.", Required = true };
        var csv = new Option<string?>("--csv") { Description = "Write the tables as CSV: OUT.csv gets one row per case, OUT.landmarks.csv one per landmark, OUT.errors.csv one per landmark instance. A path without .csv is a folder receiving cases.csv, landmarks.csv and errors.csv." };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML page (viewable offline): the metrics, an SDR-versus-threshold curve, per-landmark errors, and slices through each landmark of the first cases with truth and prediction marked." };
        var sdr = new Option<string?>("--sdr") { Description = "SDR thresholds in mm, comma-separated (default 2,2.5,3,4), e.g. 0.5,1,2 for micro-CT." };
        var command = new Command(
            "evaluate",
            "Evaluate a model on labelled scans: MRE ± SD per case (the paper's convention) and per landmark instance, SDR at 2, 2.5, 3 and 4 mm, per-landmark errors, and presence detection (precision, recall, F1) at the model's presence threshold, which is printed. Errors are true millimetres in each original scan's world space. The data's landmark names must be the model's.\n\n" +
            "Examples:\n" +
            "  h3de evaluate --model h3de.zip --data data/test\n" +
            "  h3de evaluate --model h3de.zip --data data/test --csv results/test.csv --report results/test.html")
        {
            model, data, csv, report, sdr,
        };
        command.SetAction(parse => CommandErrors.Guard(error, () => Run(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(csv), parse.GetValue(report), output, error, parse.GetValue(sdr))));
        return command;
    }

    internal static int Run(string modelPath, string dataPath, string? csv, string? report, TextWriter output, TextWriter error, string? sdr = null)
    {
        double[]? thresholds = null;
        if (sdr is not null && !TryParseThresholds(sdr, out thresholds))
        {
            error.WriteLine($"h3de: --sdr {sdr}: give positive thresholds in mm separated by commas, like 0.5,1,2.");
            return ExitCodes.Usage;
        }

        if (report is not null && !report.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !report.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
        {
            error.WriteLine($"h3de: --report {report}: the report is an .html file.");
            return ExitCodes.Usage;
        }

        if (!Directory.Exists(dataPath) && !File.Exists(dataPath))
        {
            error.WriteLine($"h3de: {dataPath}: the folder does not exist.");
            return ExitCodes.BadInput;
        }

        var ml = new MLContext();
        ITransformer model = ModelFile.Load(ml, modelPath);
        IDataView data = ml.Data.LoadScans(dataPath);
        IReadOnlyList<string> modelNames = model.GetLandmarkNames(), dataNames = LandmarkColumns.Names(data);
        if (!modelNames.ToHashSet().SetEquals(dataNames))
        {
            error.WriteLine($"h3de: {dataPath}: the data's landmarks ({string.Join(", ", dataNames)}) differ from the model's in {CommandLineText.Name(modelPath)} ({string.Join(", ", modelNames)}).");
            return ExitCodes.BadInput;
        }

        double threshold = model.GetPresenceThreshold();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Evaluating {CommandLineText.Name(modelPath)} on {data.GetRowCount()} scans from {dataPath} (presence threshold {threshold:F3}: a landmark is predicted present at or above it)..."));
        output.Flush();
        LandmarkDetectionMetrics metrics = thresholds is null
            ? ml.Landmarks.Evaluate(model.Transform(data))
            : ml.Landmarks.Evaluate(model.Transform(data), new LandmarkEvaluationOptions { SdrThresholdsMm = thresholds });
        output.WriteLine(metrics.ToString());
        if (csv is not null)
        {
            (string cases, string landmarks, string errors) = CsvPaths(csv);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cases))!);
            metrics.WriteCasesCsv(cases);
            metrics.WriteLandmarksCsv(landmarks);
            metrics.WriteErrorsCsv(errors);
            output.WriteLine($"Tables written to {cases}, {landmarks} and {errors}.");
        }

        if (report is not null)
        {
            // The report re-reads each shown case's original scan from the dataset's source rows.
            metrics.WriteHtmlReport(report, data, new LandmarkReportOptions { Title = $"{CommandLineText.Name(modelPath)} on {CommandLineText.Name(dataPath)}" });
            output.WriteLine($"Report written to {report} ({new FileInfo(report).Length / 1024} KiB).");
        }

        return ExitCodes.Success;
    }

    internal static (string Cases, string Landmarks, string Errors) CsvPaths(string csv)
    {
        if (csv.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            string stem = csv[..^4];
            return (csv, stem + ".landmarks.csv", stem + ".errors.csv");
        }

        return (Path.Combine(csv, "cases.csv"), Path.Combine(csv, "landmarks.csv"), Path.Combine(csv, "errors.csv"));
    }

    private static bool TryParseThresholds(string text, out double[] values)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        values = new double[parts.Length];
        for (int n = 0; n < parts.Length; n++)
        {
            if (!double.TryParse(parts[n], NumberStyles.Float, CultureInfo.InvariantCulture, out values[n]) || !(values[n] > 0) || !double.IsFinite(values[n]))
            {
                return false;
            }
        }

        return parts.Length is > 0 and <= 16;
    }
}
