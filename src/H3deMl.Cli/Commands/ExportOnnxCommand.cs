using System.CommandLine;
using System.Globalization;
using H3deMl.Core.Pipeline;
using H3deMl.Onnx;
using H3deMl.Onnx.Export;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de export-onnx --model MODEL.zip --out MODEL.onnx [--opset N]</c>: writes the model's H3DE-Net as a standard
/// ONNX graph through <c>ml.Model.ExportToOnnx</c> (input <c>image</c> with a dynamic batch, outputs <c>heatmap</c>
/// and/or <c>anchors</c>, landmark names and preprocessing in the metadata).
/// </summary>
internal static class ExportOnnxCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "The model zip (written by train or import-checkpoint).", Required = true };
        var outPath = new Option<string>("--out") { Description = "The ONNX file to write.", Required = true };
        var opset = new Option<int>("--opset")
        {
            Description = $"The ONNX opset, {OnnxExportOptions.MinimumOpset} to {OnnxExportOptions.MaximumOpset}. Default {OnnxExportOptions.MinimumOpset}.",
            DefaultValueFactory = _ => OnnxExportOptions.MinimumOpset,
        };
        var command = new Command(
            "export-onnx",
            "Export a model's H3DE-Net to ONNX for ONNX Runtime, Triton or a cloud inference service. The graph takes the " +
            "preprocessed volume 'image' (N, 1, A0, A1, A2) at the training window size with a dynamic batch N and returns " +
            "'heatmap' (N, landmarks, A0, A1, A2; logits) and/or 'anchors' (N, G0, G1, G2, anchors, 3 + landmarks); the " +
            "landmark names, preprocessing steps and decoding parameters are stored as metadata (h3deml.* keys).\n\n" +
            "Examples:\n" +
            "  h3de export-onnx --model h3de.zip --out h3de.onnx\n" +
            "  h3de export-onnx --model h3de.zip --out h3de.onnx --opset 20")
        {
            model,
            outPath,
            opset,
        };
        command.SetAction(parse => CommandErrors.Guard(error, () => Run(parse.GetValue(model)!, parse.GetValue(outPath)!, parse.GetValue(opset), output, error)));
        return command;
    }

    internal static int Run(string modelPath, string outPath, int opset, TextWriter output, TextWriter error)
    {
        if (opset is < OnnxExportOptions.MinimumOpset or > OnnxExportOptions.MaximumOpset)
        {
            error.WriteLine($"h3de: --opset must be {OnnxExportOptions.MinimumOpset} to {OnnxExportOptions.MaximumOpset}; got {opset}.");
            return ExitCodes.Usage;
        }

        var ml = new H3deContext();
        var chain = ml.Model.Load(modelPath);
        Onnx.Protobuf.ModelProto onnx;
        try
        {
            onnx = ml.Model.ToOnnxModel(chain, new OnnxExportOptions { Opset = opset });
        }
        catch (ArgumentException e) when (e.ParamName == "model")
        {
            error.WriteLine($"h3de: {modelPath}: {e.Message.Split(" (Parameter")[0]}");
            return ExitCodes.BadInput;
        }

        // Written beside and moved, so a failed export never leaves a truncated file under the requested name.
        var temporary = outPath + ".partial";
        using (var file = File.Create(temporary)) onnx.WriteTo(file);
        File.Move(temporary, outPath, overwrite: true);

        var graph = onnx.Graph!;
        var outputs = string.Join(", ", graph.Output.Select(o => $"{o.Name} [{Dims(o)}]"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(modelPath)} → {Path.GetFileName(outPath)}: opset {opset}, input image [{Dims(graph.Input[0])}], outputs {outputs}, {graph.Node.Count} nodes, {new FileInfo(outPath).Length / 1048576.0:F1} MB"));
        return ExitCodes.Success;
    }

    private static string Dims(Onnx.Protobuf.ValueInfoProto value) =>
        string.Join("×", value.Type!.TensorType!.Shape!.Dims.Select(d => d.Param ?? d.Value?.ToString(CultureInfo.InvariantCulture) ?? "?"));
}
