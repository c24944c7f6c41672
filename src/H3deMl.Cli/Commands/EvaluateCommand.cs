using System.CommandLine;
using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Evaluators;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de evaluate --model MODEL.zip --data DIR [--csv OUT] [--report OUT.html]</c>: runs the model's evaluation pipeline
/// on a labelled dataset and prints the metrics table (MRE ± SD, SDR, per-landmark errors, presence detection), optionally
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
        var command = new Command(
            "evaluate",
            "Evaluate a model on labelled scans: MRE ± SD per case (the paper's convention) and per landmark instance, SDR at 2, 2.5, 3 and 4 mm, per-landmark errors, and presence detection (precision, recall, F1). Errors are true millimetres in each original scan's world space.\n\n" +
            "Examples:\n" +
            "  h3de evaluate --model h3de.zip --data data/test\n" +
            "  h3de evaluate --model h3de.zip --data data/test --csv results/test.csv --report results/test.html")
        {
            model, data, csv, report,
        };
        command.SetAction(parse => CommandErrors.Guard(error, () => Run(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(csv), parse.GetValue(report), output, error)));
        return command;
    }

    internal static int Run(string modelPath, string dataPath, string? csv, string? report, TextWriter output, TextWriter error)
    {
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

        var ml = new H3deContext();
        ScanTransformerChain<IScanTransformer> model = PredictCommand.LoadModel(ml, modelPath);
        ScanDataView data = ml.Data.LoadFromDirectory(dataPath);
        output.WriteLine($"Evaluating {CommandLineText.Name(modelPath)} on {data.Count} scans from {dataPath}...");
        output.Flush();
        LandmarkMetrics metrics;
        try
        {
            metrics = ml.Landmarks.Evaluate(model.Transform(data));
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"h3de: {dataPath}: {e.Message}");
            return ExitCodes.BadInput;
        }

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
}
