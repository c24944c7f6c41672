using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using H3deMl.Core.MLNet;
using H3deMl.Tensors.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Training;

/// <summary>What defines a training run, stored in its checkpoints so that a resume refuses a checkpoint of another run:
/// the training options (not the epoch count, time limit or where checkpoints go), the seed, the steps that prepare the
/// data with their options and seeds, and the training and validation cases (ids, paths, file sizes and ground-truth landmarks).</summary>
internal static class RunFingerprint
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static IReadOnlyDictionary<string, string> Of(H3deNetOptions o, int seed, IDataView training, IDataView? validation) => new Dictionary<string, string>
    {
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        ["training options"] = JsonSerializer.Serialize(o with
        {
            Epochs = 1, TimeLimit = null, Patience = 1, ValidationData = null, ValidationInterval = 1, CheckpointDirectory = null, ResumeFrom = null,
            Progress = null, CancellationToken = default, PrefetchDepth = 0,
        }, Json),
        ["data preparation"] = string.Join(" → ", ScanPipelineReplay.Steps(training).Select(Describe)),
        ["training data"] = Cases(training),
        ["validation data"] = validation is null ? "none" : Cases(validation),
    };

    /// <summary>Refuses a checkpoint whose fingerprint differs, naming the file and every difference.</summary>
    public static void Check(string path, IReadOnlyDictionary<string, string>? saved, IReadOnlyDictionary<string, string> current)
    {
        if (saved is null)
        {
            throw new ModelFormatException(path, $"{path}: the checkpoint records no run fingerprint, so it cannot be matched to this run.", "fingerprint");
        }

        string[] differences = [.. current.Where(kv => !saved.TryGetValue(kv.Key, out string? v) || v != kv.Value)
            .Select(kv => $"{kv.Key}: checkpoint {Shorten(saved.GetValueOrDefault(kv.Key) ?? "(none)")}, now {Shorten(kv.Value)}")];
        if (differences.Length > 0)
        {
            throw new ModelFormatException(path, $"{path} was written by a different training run; resuming it would give a model of neither run. Differences: {string.Join("; ", differences)}.", "fingerprint");
        }
    }

    private static string Describe(ScanTransformerBase step)
    {
        // Every H3deMl transformer exposes its settings as Options (and random steps their Seed); reading them by name
        // keeps this description free of a per-step list.
        object? options = step.GetType().GetProperty("Options")?.GetValue(step);
        object? seed = step.GetType().GetProperty("Seed")?.GetValue(step);
        return $"{step.Mapping.StepName}{(options is null ? "" : JsonSerializer.Serialize(options, options.GetType(), Json))}{(seed is null ? "" : $" seed {seed}")}";
    }

    private static string Cases(IDataView data)
    {
        DataViewSchema.Column?[] columns = [data.Schema.GetColumnOrNull(ScanColumnNames.Id), data.Schema.GetColumnOrNull(ScanColumnNames.ScanPath)];
        DataViewSchema.Column[] text = [.. columns.Where(c => c is { Type: TextDataViewType }).Select(c => c!.Value)];
        DataViewSchema.Column? landmarks = data.Schema.GetColumnOrNull(ScanColumnNames.Landmarks) is { Type: VectorDataViewType { ItemType: NumberDataViewType } v } l && v.ItemType == NumberDataViewType.Single ? l : null;
        using DataViewRowCursor cursor = data.GetRowCursor(landmarks is { } lc ? [.. text, lc] : text);
        ValueGetter<VBuffer<float>>? landmarkGetter = landmarks is { } lg ? cursor.GetGetter<VBuffer<float>>(lg) : null;
        VBuffer<float> points = default;
        ValueGetter<ReadOnlyMemory<char>>[] getters = [.. text.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c))];
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        int rows = 0;
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            rows++;
            foreach (ValueGetter<ReadOnlyMemory<char>> getter in getters)
            {
                getter(ref value);
                string s = value.ToString();
                long size = File.Exists(s) ? new FileInfo(s).Length : -1;
                hash.AppendData(Encoding.UTF8.GetBytes($"{s}|{size}\n"));
            }

            if (landmarkGetter is not null)
            {
                landmarkGetter(ref points);
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(points.DenseValues().ToArray().AsSpan()));
            }
        }

        return $"{rows} cases, SHA-256 of ids, paths, sizes and landmarks {Convert.ToHexString(hash.GetHashAndReset())[..16]}";
    }

    private static string Shorten(string s) => s.Length <= 160 ? s : s[..157] + "…";
}
