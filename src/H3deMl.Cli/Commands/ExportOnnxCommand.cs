using System.CommandLine;
using System.Globalization;
using Microsoft.ML;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de export-onnx --model MODEL.zip --out MODEL.onnx</c>: writes the model's H3DE-Net as a standard ONNX graph
/// through <c>ml.Model.ExportToOnnx(model, path)</c> (input <c>image</c> with a dynamic batch, outputs <c>heatmap</c>
/// and/or <c>anchors</c>, landmark names and preprocessing in the metadata).
/// </summary>
internal static class ExportOnnxCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "The model zip (written by train or import-checkpoint).", Required = true };
        var outPath = new Option<string>("--out") { Description = "The ONNX file to write.", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var command = new Command(
            "export-onnx",
            "Export a model's H3DE-Net to ONNX for ONNX Runtime, Triton or a cloud inference service. The graph takes the " +
            "preprocessed volume 'image' (N, 1, A0, A1, A2) at the training window size with a dynamic batch N and returns " +
            "'heatmap' (N, landmarks, A0, A1, A2; logits) and/or 'anchors' (N, G0, G1, G2, anchors, 3 + landmarks); the " +
            "landmark names, preprocessing steps and decoding parameters are stored as metadata (h3deml.* keys).\n\n" +
            "Examples:\n" +
            "  h3de export-onnx --model h3de.zip --out h3de.onnx")
        {
            model,
            outPath,
            overwrite,
        };
        command.SetAction(parse => CommandErrors.Guard(error, () => Run(parse.GetValue(model)!, parse.GetValue(outPath)!, parse.GetValue(overwrite), output, error)));
        return command;
    }

    internal static int Run(string modelPath, string outPath, bool overwrite, TextWriter output, TextWriter error)
    {
        if (OutputFile.Problem(outPath, overwrite) is { } problem)
        {
            error.WriteLine($"h3de: {problem}");
            return ExitCodes.BadInput;
        }

        var ml = new MLContext();
        ITransformer model = ModelFile.Load(ml, modelPath);

        // Written beside and moved, so a failed export never leaves a truncated file under the requested name.
        string temporary = outPath + ".partial";
        try
        {
            ml.Model.ExportToOnnx(model, temporary);
        }
        catch (ArgumentException e)
        {
            File.Delete(temporary);
            error.WriteLine($"h3de: {modelPath}: {CommandErrors.OneLine(e.Message.Split(" (Parameter")[0])}");
            return ExitCodes.BadInput;
        }

        File.Move(temporary, outPath, overwrite: true);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(modelPath)} → {Path.GetFileName(outPath)}: {model.GetLandmarkNames().Count} landmarks, {new FileInfo(outPath).Length / 1048576.0:F1} MB"));
        return ExitCodes.Success;
    }
}
