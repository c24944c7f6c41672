using System.CommandLine;
using System.Globalization;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Import;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de import-checkpoint CKPT [--head heatmap|anchors|both] --out MODEL.zip</c>: reads a reference PyTorch checkpoint
/// without Python (see <see cref="H3deNet.ImportPyTorchCheckpoint(string, H3deNetArchitecture)"/>) and saves it as a
/// model zip through <c>ml.Model.Save</c> (manifest.json with the <c>H3deMl.H3deNet</c> step, weights.safetensors).
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
        };
        command.SetAction(parse => CommandErrors.Guard(error, () => Run(
            parse.GetValue(checkpoint)!, parse.GetValue(head), parse.GetValue(outPath)!, parse.GetValue(windows), parse.GetValue(topK), parse.GetValue(headSize), parse.GetValue(landmarks), output, error)));
        return command;
    }

    internal static int Run(string checkpoint, string? head, string outPath, string? windows, string? topK, int? headSize, string? landmarks, TextWriter stdout, TextWriter error)
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

        string[]? names = landmarks?.Split(',', StringSplitOptions.TrimEntries);
        H3deHead? requested = head switch
        {
            null => null,
            "anchors" => H3deHead.Anchors,
            "both" => H3deHead.Both,
            _ => H3deHead.Heatmap,
        };
        var ml = new H3deContext();
        H3deNetModel model;
        try
        {
            if (windowValues is null && topKValues is null && headSize is null)
            {
                model = ml.Model.ImportPyTorchCheckpoint(checkpoint, requested, names);
            }
            else
            {
                // Windows, top-k and head size leave no trace in the weights: infer the rest, then override them.
                H3deNetArchitecture inferred = (requested is { } h ? H3deNet.ImportPyTorchCheckpoint(checkpoint, h) : H3deNet.ImportPyTorchCheckpoint(checkpoint)).Architecture;
                H3deNetArchitecture a = inferred with
                {
                    Windows = windowValues is null ? inferred.Windows : (windowValues[0], windowValues[1], windowValues[2]),
                    TopK = topKValues ?? inferred.TopK,
                    HeadSize = headSize ?? inferred.HeadSize,
                };
                try
                {
                    a.Validate();
                }
                catch (ArgumentOutOfRangeException e)
                {
                    error.WriteLine($"h3de: {e.Message}");
                    return ExitCodes.Usage;
                }

                model = ml.Model.ImportPyTorchCheckpoint(checkpoint, a, names);
            }
        }
        catch (ModelFormatException e)
        {
            error.WriteLine($"h3de: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ArgumentException e) when (e.ParamName == "landmarkNames")
        {
            error.WriteLine($"h3de: --landmarks: {e.Message.Split(" (Parameter")[0]}");
            return ExitCodes.Usage;
        }

        ml.Model.Save(model, outPath, model.Options.LandmarkNames);
        H3deNetArchitecture arch = model.Network.Architecture;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(checkpoint)} → {Path.GetFileName(outPath)}: H3DE-Net, head {arch.Head}, widths {string.Join('/', arch.StageWidths)}, depths {string.Join('/', arch.StageDepths)}, {arch.LandmarkCount} landmarks, {model.Network.ParameterCount:N0} parameters"));
        return ExitCodes.Success;
    }
}
