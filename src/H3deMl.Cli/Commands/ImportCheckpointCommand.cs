using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Network;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de import-checkpoint CKPT [--head heatmap|anchors|both] --out MODEL.zip</c>: reads a reference PyTorch checkpoint
/// without Python (see <see cref="H3deNet.ImportPyTorchCheckpoint(string, H3deNetArchitecture)"/>) and writes a model zip.
/// </summary>
/// <remarks>
/// <para><b>Output layout</b> (interim, until the trained-model transformer can save itself through <c>ml.Model.Save</c>):
/// a zip with <c>weights.safetensors</c> (every network parameter under its reference name, float32) and
/// <c>manifest.json</c>:</para>
/// <code>
/// {
///   "format": "H3deMl.Model", "formatVersion": 1, "libraryVersion": "…",
///   "landmarkNames": [],                 // the checkpoint does not name its landmarks
///   "steps": [],                         // no pipeline steps yet
///   "network": {                         // what the importer built
///     "weights": "weights.safetensors", "importedFrom": "model.ckpt",
///     "architecture": { "head": "Anchors", "inputChannels": 1, "landmarkCount": 14, "stageWidths": [...], … }
///   }
/// }
/// </code>
/// </remarks>
internal static class ImportCheckpointCommand
{
    private const string WeightsEntry = "weights.safetensors";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "The PyTorch checkpoint (.ckpt/.pt/.pth written by torch.save, PyTorch >= 1.6): a dict with 'state_dict' as the reference scripts save it, or a bare state_dict." };
        var head = new Option<string?>("--head") { Description = "The head to build: heatmap, anchors or both. Default: read from the checkpoint (anchors when it has the anchor network's pre_layer and early_down1)." };
        head.AcceptOnlyFromAmong("heatmap", "anchors", "both");
        var outPath = new Option<string>("--out") { Description = "The model zip to write.", Required = true };
        var windows = new Option<string?>("--windows") { Description = "Attention windows along A0,A1,A2 (not stored in the weights). Default 4,4,2." };
        var topK = new Option<string?>("--topk") { Description = "Routed windows per stage, four values (not stored in the weights). Default 1,4,16,16." };
        var headSize = new Option<int?>("--head-size") { Description = "Channels per attention head (not stored in the weights). Default 8." };
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
        };
        command.SetAction(parse => CommandErrors.Guard(error, () => Run(
            parse.GetValue(checkpoint)!, parse.GetValue(head), parse.GetValue(outPath)!, parse.GetValue(windows), parse.GetValue(topK), parse.GetValue(headSize), output, error)));
        return command;
    }

    internal static int Run(string checkpoint, string? head, string outPath, string? windows, string? topK, int? headSize, TextWriter stdout, TextWriter error)
    {
        int[]? windowValues = null, topKValues = null;
        if (windows is not null && !TryParseInts(windows, 3, out windowValues))
        {
            error.WriteLine($"h3de: --windows needs three positive integers like 4,4,2; got '{windows}'.");
            return ExitCodes.Usage;
        }

        if (topK is not null && !TryParseInts(topK, 4, out topKValues))
        {
            error.WriteLine($"h3de: --topk needs four positive integers like 1,4,16,16; got '{topK}'.");
            return ExitCodes.Usage;
        }

        H3deNet net;
        try
        {
            net = head switch
            {
                null => H3deNet.ImportPyTorchCheckpoint(checkpoint),
                "anchors" => H3deNet.ImportPyTorchCheckpoint(checkpoint, H3deHead.Anchors),
                "both" => H3deNet.ImportPyTorchCheckpoint(checkpoint, H3deHead.Both),
                _ => H3deNet.ImportPyTorchCheckpoint(checkpoint, H3deHead.Heatmap),
            };
            if (windowValues is not null || topKValues is not null || headSize is not null)
            {
                H3deNetArchitecture a = net.Architecture with
                {
                    Windows = windowValues is null ? net.Architecture.Windows : (windowValues[0], windowValues[1], windowValues[2]),
                    TopK = topKValues ?? net.Architecture.TopK,
                    HeadSize = headSize ?? net.Architecture.HeadSize,
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

                net = H3deNet.ImportPyTorchCheckpoint(checkpoint, a);
            }
        }
        catch (ModelFormatException e)
        {
            error.WriteLine($"h3de: {e.Message}");
            return ExitCodes.BadInput;
        }

        WriteModelZip(net, Path.GetFileName(checkpoint), outPath);
        H3deNetArchitecture arch = net.Architecture;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(checkpoint)} → {Path.GetFileName(outPath)}: H3DE-Net, head {arch.Head}, widths {string.Join('/', arch.StageWidths)}, depths {string.Join('/', arch.StageDepths)}, {arch.LandmarkCount} landmarks, {net.ParameterCount:N0} parameters"));
        return ExitCodes.Success;
    }

    private static bool TryParseInts(string text, int count, out int[] values)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        values = new int[parts.Length];
        if (parts.Length != count)
        {
            return false;
        }

        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the interim model zip (layout in the type's remarks), atomically through a temporary file.</summary>
    private static void WriteModelZip(H3deNet net, string importedFrom, string path)
    {
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                using (Stream weights = zip.CreateEntry(WeightsEntry, CompressionLevel.Fastest).Open())
                {
                    net.SaveSafetensors(weights, new Dictionary<string, string> { ["importedFrom"] = importedFrom });
                }

                using Stream manifest = zip.CreateEntry("manifest.json", CompressionLevel.Optimal).Open();
                using var w = new Utf8JsonWriter(manifest, new JsonWriterOptions { Indented = true });
                H3deNetArchitecture a = net.Architecture;
                w.WriteStartObject();
                w.WriteString("format", "H3deMl.Model");
                w.WriteNumber("formatVersion", 1);
                w.WriteString("libraryVersion", typeof(H3deNet).Assembly.GetName().Version?.ToString() ?? "0.0.0");
                w.WriteStartArray("landmarkNames");
                w.WriteEndArray();
                w.WriteStartArray("steps");
                w.WriteEndArray();
                w.WriteStartObject("network");
                w.WriteString("weights", WeightsEntry);
                w.WriteString("importedFrom", importedFrom);
                w.WriteStartObject("architecture");
                w.WriteString("head", a.Head.ToString());
                w.WriteNumber("inputChannels", a.InputChannels);
                w.WriteNumber("landmarkCount", a.LandmarkCount);
                WriteInts(w, "stageWidths", a.StageWidths);
                WriteInts(w, "stageDepths", a.StageDepths);
                WriteInts(w, "topK", a.TopK);
                w.WriteNumber("headSize", a.HeadSize);
                WriteInts(w, "windows", [a.Windows.A0, a.Windows.A1, a.Windows.A2]);
                w.WriteNumber("lepeKernel", a.LepeKernel);
                w.WriteNumber("positionEmbeddingKernel", a.PositionEmbeddingKernel);
                w.WriteNumber("mlpRatio", a.MlpRatio);
                w.WriteNumber("stemWidth", a.StemWidth);
                w.WriteNumber("halfResolutionWidth", a.HalfResolutionWidth);
                w.WriteNumber("fullResolutionWidth", a.FullResolutionWidth);
                w.WriteNumber("anchorsPerCell", a.AnchorsPerCell);
                w.WriteBoolean("useHeadSizeScale", a.UseHeadSizeScale);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static void WriteInts(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (int v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }
}
