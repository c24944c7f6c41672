using System.CommandLine;
using System.Globalization;
using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de import-checkpoint CKPT [--head heatmap|anchors|both] --out MODEL.zip</c>: reads a reference PyTorch checkpoint
/// without Python through <c>ml.Model.ImportPyTorchCheckpoint</c>, a complete chain (LoadVolume → NormalizeIntensity →
/// network), and saves it as an ML.NET model zip through <c>ml.Model.Save</c>, ready for evaluate and predict.
/// </summary>
internal static class ImportCheckpointCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "The PyTorch checkpoint (.ckpt/.pt/.pth written by torch.save, PyTorch >= 1.6): a dict with 'state_dict' as the reference scripts save it, or a bare state_dict." };
        var head = new Option<string?>("--head") { Description = "The head to build: heatmap, anchors or both. Default: read from the checkpoint (anchors when it has the anchor network's pre_layer and early_down1)." };
        head.AcceptOnlyFromAmong("heatmap", "anchors", "both");
        var outPath = new Option<string>("--out") { Description = "The model zip to write.", Required = true };
        var windows = new Option<string?>("--windows") { Description = "Attention windows along A0,A1,A2 (not stored in the weights). Default 4,4,2." };
        var topK = new Option<string?>("--topk") { Description = "Routed windows per stage, four values (not stored in the weights). Default 1,4,16,16." };
        var headSize = new Option<int?>("--head-size") { Description = "Channels per attention head (not stored in the weights). Default 8." };
        var landmarks = new Option<string?>("--landmarks") { Description = "Landmark names in output-channel order, comma-separated (checkpoints do not store them). Default landmark1..landmarkN." };
        var window = new Option<string?>("--window") { Description = "Intensity window MIN,MAX in scan units that the weights expect scaled to [0, 1]. Default 0,255 (the reference stores volumes as 0..255)." };
        var command = new Command(
            "import-checkpoint",
            "Import a reference H3DE-Net PyTorch checkpoint (no Python needed) into a model zip. Widths, depths and the landmark count are read from the weights; known-unused reference modules are skipped; any other missing, unexpected or mis-shaped tensor is reported. Only what torch.save writes for weights is accepted: a checkpoint naming any other Python object is refused without running it.\n\n" +
            "Examples:\n" +
            "  h3de import-checkpoint model.ckpt --head heatmap --out h3de-heatmap.zip\n" +
            "  h3de import-checkpoint model_incomp_p.ckpt --head anchors --out h3de-anchors.zip\n" +
            "  h3de import-checkpoint small.ckpt --out small.zip --windows 2,2,2 --topk 1,2,4,4")
        {
            checkpoint,
            head,
            outPath,
            windows,
            topK,
            headSize,
            landmarks,
            window,
        };
        command.SetAction(parse => CommandErrors.Guard(error, () => Run(
            parse.GetValue(checkpoint)!, parse.GetValue(head), parse.GetValue(outPath)!, parse.GetValue(windows), parse.GetValue(topK), parse.GetValue(headSize), parse.GetValue(landmarks), parse.GetValue(window), output, error)));
        return command;
    }

    internal static int Run(string checkpoint, string? head, string outPath, string? windows, string? topK, int? headSize, string? landmarks, string? window, TextWriter stdout, TextWriter error)
    {
        int[]? windowValues = null, topKValues = null;
        if (windows is not null && !IntList.TryParse(windows, 3, out windowValues))
        {
            error.WriteLine($"h3de: --windows needs three positive integers like 4,4,2; got '{windows}'.");
            return ExitCodes.Usage;
        }

        if (topK is not null && !IntList.TryParse(topK, 4, out topKValues))
        {
            error.WriteLine($"h3de: --topk needs four positive integers like 1,4,16,16; got '{topK}'.");
            return ExitCodes.Usage;
        }

        (float Min, float Max) intensity = (0, 255);
        if (window is not null)
        {
            if (IntensityWindow.Parse(window) is not { } parsed)
            {
                error.WriteLine($"h3de: --window needs MIN,MAX with MIN < MAX, like 0,255; got '{window}'.");
                return ExitCodes.Usage;
            }

            intensity = parsed;
        }

        if (!File.Exists(checkpoint))
        {
            error.WriteLine($"h3de: {checkpoint}: the checkpoint does not exist.");
            return ExitCodes.BadInput;
        }

        H3deHead? requested = head switch
        {
            null => null,
            "anchors" => H3deHead.Anchors,
            "both" => H3deHead.Both,
            _ => H3deHead.Heatmap,
        };
        H3deNetArchitecture? architecture = null;
        if (windowValues is not null || topKValues is not null || headSize is not null)
        {
            // Windows, top-k and head size leave no trace in the weights: infer the rest, then override them.
            H3deNetArchitecture inferred = (requested is { } h ? H3deNet.ImportPyTorchCheckpoint(checkpoint, h) : H3deNet.ImportPyTorchCheckpoint(checkpoint)).Architecture;
            architecture = inferred with
            {
                Windows = windowValues is null ? inferred.Windows : (windowValues[0], windowValues[1], windowValues[2]),
                TopK = topKValues ?? inferred.TopK,
                HeadSize = headSize ?? inferred.HeadSize,
            };
            try
            {
                architecture.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                error.WriteLine($"h3de: {CommandErrors.OneLine(e.Message)}");
                return ExitCodes.Usage;
            }
        }

        var ml = new MLContext();
        var options = new PyTorchImportOptions
        {
            Architecture = architecture,
            Head = requested,
            LandmarkNames = landmarks?.Split(',', StringSplitOptions.TrimEntries),
            WindowMin = intensity.Min,
            WindowMax = intensity.Max,
        };
        TransformerChain<H3deNetModel> model;
        try
        {
            model = ml.Model.ImportPyTorchCheckpoint(checkpoint, options);
        }
        catch (ArgumentException e) when (e.ParamName == "options")
        {
            error.WriteLine($"h3de: --landmarks: {CommandErrors.OneLine(e.Message.Split(" (Parameter")[0])}");
            return ExitCodes.Usage;
        }

        ml.Model.Save(model, ml.Data.LoadFromEnumerable(Array.Empty<ScanInput>()).Schema, outPath);
        H3deNetModel network = model.LastTransformer;
        H3deNetArchitecture arch = network.Model.Architecture;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(checkpoint)} → {Path.GetFileName(outPath)}: H3DE-Net, head {arch.Head}, widths {string.Join('/', arch.StageWidths)}, depths {string.Join('/', arch.StageDepths)}, {arch.LandmarkCount} landmarks, {network.Model.ParameterCount:N0} parameters, intensity window {intensity.Min:G6}..{intensity.Max:G6} → 0..1"));
        return ExitCodes.Success;
    }
}
