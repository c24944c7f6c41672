using System.Globalization;
using System.Text;
using H3deMl.Tensors;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.Randomness;
using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Import;

/// <summary>What an import did: the network, the tensors loaded and the tensors skipped as known-unused.</summary>
internal sealed record H3deNetImportReport(H3deNet Network, int LoadedTensors, IReadOnlyList<string> IgnoredTensors, string StateDictLocation);

/// <summary>
/// Maps a reference PyTorch checkpoint (see <see cref="TorchCheckpoint"/>) onto an <see cref="H3deNet"/>: finds the
/// state dict, strips a DataParallel <c>module.</c> prefix, skips the reference's known-unused modules, checks every
/// name and shape, and reports all problems in one message (DECISIONS.md §13, STYLE.md §2.5).
/// </summary>
internal static class H3deNetCheckpointImport
{
    /// <summary>
    /// Modules of the reference networks that exist in their state dicts but are never used in forward, skipped for every
    /// head (H3DE-NET.md §1 "Modules that exist but are never used in forward", §3): <c>norm</c> = BatchNorm3d(512)
    /// with its running statistics and <c>num_batches_tracked</c>, <c>head</c> = Linear(512→14), <c>pre_logits</c>
    /// (Identity), and the anchor network's <c>early_down1</c> / <c>early_down2</c> (their fusion is commented out).
    /// </summary>
    internal static readonly IReadOnlyList<string> AlwaysUnusedPrefixes = ["norm.", "head.", "pre_logits.", "early_down1.", "early_down2."];

    /// <summary>
    /// Modules the anchor network builds but does not use (H3DE-NET.md §3: forward stops after <c>up2</c>; <c>c1</c>/<c>c2</c>
    /// are computed and discarded), skipped when importing with <see cref="H3deHead.Anchors"/>.
    /// </summary>
    internal static readonly IReadOnlyList<string> UnusedWithAnchorsPrefixes = ["up3.", "up4.", "final_conv.", "c1.", "c2."];

    /// <summary>
    /// First path components of the anchor network's unused pyramid-pooling (<c>PPB</c>) and pixel-shuffle upsampler
    /// (<c>SRB</c>) blocks (H3DE-NET.md §3: defined, never used), matched case-insensitively should a checkpoint carry them.
    /// </summary>
    internal static readonly IReadOnlyList<string> UnusedBlockNames = ["ppb", "srb"];

    private const string DataParallelPrefix = "module.";

    /// <summary>Imports a checkpoint; <paramref name="architecture"/> null infers it (with <paramref name="head"/>, when given).</summary>
    public static H3deNetImportReport Import(string path, H3deNetArchitecture? architecture, H3deHead? head, CheckpointLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var checkpoint = TorchCheckpoint.Open(path, limits);
        var (stateDict, location) = FindStateDict(checkpoint.Root, path);
        var tensors = Normalise(stateDict, path);
        architecture ??= InferArchitecture(tensors, head, path);

        var net = new H3deNet(architecture, new RandomStream(0));
        var ignored = new List<string>();
        var used = new Dictionary<string, TorchTensorRef>(StringComparer.Ordinal);
        var notTensors = new List<string>();
        foreach (var (name, value) in tensors)
        {
            if (IsKnownUnused(name, architecture.Head)) { ignored.Add(name); continue; }
            if (value is TorchTensorRef t) used[name] = t;
            else notTensors.Add($"{name} (a {RestrictedUnpickler.Describe(value)}, not a tensor)");
        }

        var own = net.NamedParameters().ToList();
        var ownNames = new HashSet<string>(own.Select(p => p.Name), StringComparer.Ordinal);
        var missing = new List<string>();
        var mismatched = new List<StateDictMismatchException.ShapeMismatch>();
        var wrongType = new List<string>();
        foreach (var (name, p) in own)
        {
            if (!used.TryGetValue(name, out var t)) { missing.Add(name); continue; }
            if (!t.Shape.AsSpan().SequenceEqual(p.Shape)) mismatched.Add(new(name, p.Shape.ToArray(), t.Shape));
            else if (!TorchCheckpoint.IsFloatingPoint(t.Storage.DType)) wrongType.Add($"{name} holds {t.Storage.DType} values, not floating point");
        }
        var unexpected = used.Keys.Where(k => !ownNames.Contains(k)).ToList();
        unexpected.AddRange(notTensors);

        if (missing.Count + mismatched.Count + unexpected.Count + wrongType.Count > 0)
            throw new StateDictMismatchException(path, FormatMismatch(path, location, architecture, missing, unexpected, mismatched, wrongType, used, own, ignored.Count),
                missing, unexpected, mismatched);

        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, _) in own) values[name] = checkpoint.Materialise(used[name], name);
        net.LoadStateDict(values, strict: true);
        return new H3deNetImportReport(net, values.Count, ignored, location);
    }

    internal static bool IsKnownUnused(string name, H3deHead head)
    {
        foreach (var p in AlwaysUnusedPrefixes)
            if (name.StartsWith(p, StringComparison.Ordinal)) return true;
        if (head == H3deHead.Anchors)
            foreach (var p in UnusedWithAnchorsPrefixes)
                if (name.StartsWith(p, StringComparison.Ordinal)) return true;
        var first = name.Split('.')[0];
        foreach (var b in UnusedBlockNames)
            if (first.StartsWith(b, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Finds the parameters: <c>state_dict</c>, <c>model</c>, <c>net</c> or <c>model_state_dict</c> of a dict, or a bare state dict.</summary>
    internal static (PickleDict StateDict, string Location) FindStateDict(object? root, string path)
    {
        if (root is not PickleDict dict)
            throw TorchCheckpoint.Invalid(path, $"the checkpoint holds a {RestrictedUnpickler.Describe(root)}, not a dict; save the model's state_dict (or a dict holding it under 'state_dict')");
        foreach (var key in (string[])["state_dict", "model", "net", "model_state_dict"])
        {
            if (!dict.TryGet(key, out var value)) continue;
            if (value is PickleDict inner) return (inner, $"['{key}']");
            if (value is TorchTensorRef) break; // a bare state dict with a parameter named like this
            throw TorchCheckpoint.Invalid(path, $"the checkpoint's '{key}' entry is a {RestrictedUnpickler.Describe(value)}, not a state dict", key);
        }
        if (dict.Count > 0 && dict.Items.All(kv => kv.Key is string && kv.Value is TorchTensorRef))
            return (dict, "(the top-level dict)");
        var keys = string.Join(", ", dict.Items.Take(20).Select(kv => kv.Key is string s ? "'" + s + "'" : RestrictedUnpickler.Describe(kv.Key)));
        throw TorchCheckpoint.Invalid(path, $"no state dict found: the checkpoint is a dict with keys {keys}{(dict.Count > 20 ? ", …" : "")}; expected 'state_dict', 'model' or 'net' holding the parameters, or a bare state dict of tensors");
    }

    /// <summary>Checks the keys are strings and strips the DataParallel prefix when every key carries it.</summary>
    internal static List<KeyValuePair<string, object?>> Normalise(PickleDict stateDict, string path)
    {
        var result = new List<KeyValuePair<string, object?>>(stateDict.Count);
        foreach (var (k, v) in stateDict.Items)
        {
            if (k is not string key) throw TorchCheckpoint.Invalid(path, $"the state dict has a key that is a {RestrictedUnpickler.Describe(k)}, not a parameter name");
            result.Add(new(key, v));
        }
        if (result.Count > 0 && result.All(kv => kv.Key.StartsWith(DataParallelPrefix, StringComparison.Ordinal)))
            result = [.. result.Select(kv => new KeyValuePair<string, object?>(kv.Key[DataParallelPrefix.Length..], kv.Value))];
        return result;
    }

    /// <summary>
    /// Reads the architecture from the parameter shapes: widths, depths, kernels, MLP ratio, side-branch widths and the
    /// landmark count. Head size, windows and top-k leave no trace in the weights and take the reference values; the head
    /// is <paramref name="head"/> or: anchors when <c>pre_layer</c> is present and either <c>early_down1</c> (only the
    /// reference anchor network has it) or no <c>final_conv</c>; both when both heads are present; otherwise heatmap.
    /// </summary>
    internal static H3deNetArchitecture InferArchitecture(IReadOnlyList<KeyValuePair<string, object?>> tensors, H3deHead? head, string path)
    {
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (k, v) in tensors)
            if (v is TorchTensorRef t) shapes[k] = t.Shape;
        int? Dim(string name, int axis) => shapes.TryGetValue(name, out var s) && s.Length > axis ? s[axis] : null;

        var reference = H3deNetArchitecture.Reference;
        var widths = new int[4];
        widths[0] = Dim("downsample_layers.0.3.weight", 0) ?? reference.StageWidths[0];
        for (int i = 1; i < 4; i++) widths[i] = Dim($"downsample_layers.{i}.0.weight", 0) ?? reference.StageWidths[i];
        var depths = new int[4];
        int? lepe = null, posEmbed = null, mlpHidden = null, mlpWidth = null;
        foreach (var name in shapes.Keys)
        {
            var parts = name.Split('.');
            if (parts.Length < 4 || parts[0] != "stages") continue;
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stage) || stage > 3) continue;
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var block) || block > 10_000) continue;
            depths[stage] = Math.Max(depths[stage], block + 1);
            var rest = string.Join('.', parts[3..]);
            if (rest == "attn.lepe.weight") lepe ??= Dim(name, 2);
            if (rest == "pos_embed.weight") posEmbed ??= Dim(name, 2);
            if (rest == "mlp.0.weight" && mlpHidden is null) { mlpHidden = Dim(name, 0); mlpWidth = widths[stage]; }
        }

        bool hasFinal = shapes.ContainsKey("final_conv.weight"), hasPre = shapes.ContainsKey("pre_layer.weight");
        var chosen = head ?? (hasPre && (shapes.ContainsKey("early_down1.weight") || !hasFinal) ? H3deHead.Anchors
            : hasPre && hasFinal ? H3deHead.Both : H3deHead.Heatmap);
        int landmarks = reference.LandmarkCount;
        if (chosen != H3deHead.Anchors && Dim("final_conv.weight", 0) is { } n) landmarks = n;
        else if (Dim("pre_layer.weight", 0) is { } c && c % reference.AnchorsPerCell == 0 && c / reference.AnchorsPerCell > 3)
            landmarks = c / reference.AnchorsPerCell - 3;

        var architecture = reference with
        {
            InputChannels = Dim("downsample_layers.0.0.weight", 1) ?? reference.InputChannels,
            StemWidth = Dim("downsample_layers.0.0.weight", 0) ?? reference.StemWidth,
            StageWidths = widths,
            StageDepths = depths,
            LepeKernel = lepe ?? reference.LepeKernel,
            PositionEmbeddingKernel = posEmbed ?? reference.PositionEmbeddingKernel,
            MlpRatio = mlpHidden is { } h && mlpWidth is { } w && w > 0 && h % w == 0 ? h / w : reference.MlpRatio,
            HalfResolutionWidth = Dim("c1.0.weight", 0) ?? reference.HalfResolutionWidth,
            FullResolutionWidth = Dim("c2.0.weight", 0) ?? reference.FullResolutionWidth,
            LandmarkCount = landmarks,
            Head = chosen,
        };
        try
        {
            architecture.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw TorchCheckpoint.Invalid(path, $"the parameter shapes describe no valid H3DE-Net ({e.Message}); pass the architecture explicitly", e.ParamName, e);
        }
        return architecture;
    }

    private static string FormatMismatch(string path, string location, H3deNetArchitecture a, List<string> missing, List<string> unexpected,
        List<StateDictMismatchException.ShapeMismatch> mismatched, List<string> wrongType, Dictionary<string, TorchTensorRef> used,
        List<(string Name, ModuleParameter Parameter)> own, int ignored)
    {
        static string Shape(IEnumerable<int> s) => "[" + string.Join(", ", s) + "]";
        var ownShapes = own.ToDictionary(p => p.Name, p => p.Parameter.Shape.ToArray(), StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append(path).Append(": the state dict ").Append(location).Append(" does not fit H3deNet (head ").Append(a.Head)
          .Append(", widths ").Append(string.Join('/', a.StageWidths)).Append(", depths ").Append(string.Join('/', a.StageDepths))
          .Append(", ").Append(a.LandmarkCount).Append(" landmarks): ")
          .Append(missing.Count).Append(" missing, ").Append(unexpected.Count).Append(" unexpected, ")
          .Append(mismatched.Count).Append(" with another shape");
        if (wrongType.Count > 0) sb.Append(", ").Append(wrongType.Count).Append(" not floating point");
        sb.Append("; nothing was loaded (").Append(ignored).Append(" tensors of known-unused reference modules were skipped).");
        foreach (var m in mismatched)
            sb.Append("\n  shape mismatch: ").Append(m.Key).Append(" is ").Append(Shape(m.ExpectedShape)).Append(" in the network but ")
              .Append(Shape(m.FoundShape)).Append(" in the checkpoint");
        foreach (var k in missing)
            sb.Append("\n  missing: ").Append(k).Append(' ').Append(Shape(ownShapes[k]));
        foreach (var k in unexpected)
        {
            sb.Append("\n  unexpected: ").Append(k);
            if (used.TryGetValue(k, out var t)) sb.Append(' ').Append(Shape(t.Shape));
        }
        foreach (var w in wrongType)
            sb.Append("\n  wrong type: ").Append(w);
        sb.Append("\nCheck that the checkpoint was written by the reference network with this head and configuration");
        if (a.Head != H3deHead.Anchors && unexpected.Any(k => k.StartsWith("pre_layer.", StringComparison.Ordinal)))
            sb.Append(" (it has an anchor head: import it with the Anchors head)");
        else if (a.Head != H3deHead.Heatmap && missing.Any(k => k.StartsWith("pre_layer.", StringComparison.Ordinal)))
            sb.Append(" (it has no anchor head: import it with the Heatmap head)");
        sb.Append('.');
        return sb.ToString();
    }
}
