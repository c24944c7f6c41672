using H3deMl.Core.IO.Numpy;
using H3deMl.Tensors;
using H3deMl.Tensors.Autograd;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using Microsoft.ML;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de predict --model MODEL.zip --raw INPUT.npy --raw-out OUTPUT.npy [--raw-head heatmap|anchors]</c>: one forward
/// pass of the model's network on an already preprocessed 1×1×D×H×W float32 tensor (no pipeline steps, no decoding), for
/// checking against other implementations. Writes the heatmap head as 1×N×D×H×W or the anchor head as
/// 1×(D/4)×(H/4)×(W/4)×4×(3+N), the reference's layout (H3DE-NET.md §3: three tanh offsets, then N class logits).
/// </summary>
internal static class RawPrediction
{
    internal static int Run(string modelPath, string inputPath, string outputPath, string? headChoice, bool overwrite, TextWriter output, TextWriter error)
    {
        if (!overwrite && File.Exists(outputPath))
        {
            error.WriteLine($"h3de: {outputPath}: the file exists; pass --overwrite to replace it.");
            return ExitCodes.BadInput;
        }

        H3deNetModel model = ModelFile.Network(ModelFile.Load(new MLContext(), modelPath), modelPath);
        H3deNet network = model.Model;
        H3deHead head = network.Architecture.Head;
        bool wantAnchors;
        switch (headChoice, head)
        {
            case (null, H3deHead.Both):
                error.WriteLine($"h3de: {CommandLineText.Name(modelPath)} has both heads; choose the output with --raw-head heatmap or --raw-head anchors.");
                return ExitCodes.Usage;
            case ("heatmap", H3deHead.Anchors):
            case ("anchors", H3deHead.Heatmap):
                error.WriteLine($"h3de: {CommandLineText.Name(modelPath)} has only the {head.ToString().ToLowerInvariant()} head; --raw-head {headChoice} is not available.");
                return ExitCodes.Usage;
            default:
                wantAnchors = headChoice == "anchors" || (headChoice is null && head == H3deHead.Anchors);
                break;
        }

        if (!File.Exists(inputPath))
        {
            error.WriteLine($"h3de: {inputPath}: the file does not exist.");
            return ExitCodes.BadInput;
        }

        NpyArray input = NpyArray.Read(inputPath);
        long[] s = input.Shape;
        if (s.Length != 5 || s[0] != 1 || s[1] != network.Architecture.InputChannels)
        {
            error.WriteLine($"h3de: {inputPath}: the array is {string.Join('×', s)}; --raw needs 1×{network.Architecture.InputChannels}×D×H×W (preprocessed as the model's pipeline does).");
            return ExitCodes.BadInput;
        }

        int[] shape = [.. s.Select(v => checked((int)v))];
        float[] values = input.IsFortranOrder ? [.. input.GetCOrder().Select(v => (float)v)] : input.Data;
        float[] result;
        int[] resultShape;
        using (var scope = new TensorScope())
        using (GradMode.NoGrad())
        {
            network.Eval();
            H3deNetOutput raw = network.Forward(Tensor.FromArray(values, shape));
            Tensor chosen = (wantAnchors ? raw.Anchors : raw.Heatmap)!;
            result = chosen.ToArray();
            resultShape = chosen.Shape.ToArray();
        }

        using (var file = new FileStream(outputPath, FileMode.Create, FileAccess.Write))
        {
            NpyArray.WriteFloats(file, result, [.. resultShape.Select(v => (long)v)], fortran: false, CancellationToken.None);
        }

        output.WriteLine($"{CommandLineText.Name(inputPath)} ({string.Join('×', shape)}) → {CommandLineText.Name(outputPath)}: {(wantAnchors ? "anchors" : "heatmap")} {string.Join('×', resultShape)} float32");
        return ExitCodes.Success;
    }
}
