using System.IO.Compression;
using System.Text.Json;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.Optim;
using H3deMl.Tensors.Optim.Schedules;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Trainers.Training;

/// <summary>
/// A training checkpoint: one zip written atomically (to a temporary file, then renamed) holding
/// <c>weights.safetensors</c> (current weights), <c>best.safetensors</c> (best weights so far),
/// <c>optimizer.safetensors</c> (moments, step and learning rate) and <c>state.json</c> (epoch, schedule, early-stopping
/// state, and the batches already done of the next epoch when training was cancelled mid-epoch). Version 1. Random streams need no state: every epoch's draws derive from the seed and the epoch number.
/// </summary>
internal static class Checkpoint
{
    internal const int FormatVersion = 2;

    private const string IntegrityEntry = "integrity.sha256";

    /// <summary>state.json is at most 1 MiB.</summary>
    private const long MaxStateBytes = 1 << 20;

    // The best MRE is +∞ until a validation has run (and always without validation data).
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal sealed record State(int Version, int Epoch, int ScheduleEpoch, double ScheduleLearningRate, double BestMreMm, int BestEpoch, int EpochsWithoutImprovement, int Seed, int BatchesDone = 0, IReadOnlyDictionary<string, string>? Fingerprint = null);

    internal static void Write(string path, Module network, Module best, Optimizer optimizer, State state)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        (string Name, byte[] Bytes)[] entries =
        [
            ("weights.safetensors", Serialize(s => network.SaveSafetensors(s))),
            ("best.safetensors", Serialize(s => best.SaveSafetensors(s))),
            ("optimizer.safetensors", Serialize(optimizer.GetState().Save)),
            ("state.json", JsonSerializer.SerializeToUtf8Bytes(state, Json)),
        ];
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            foreach ((string name, byte[] bytes) in entries)
            {
                using Stream s = zip.CreateEntry(name, name.EndsWith(".json", StringComparison.Ordinal) ? CompressionLevel.Optimal : CompressionLevel.NoCompression).Open();
                s.Write(bytes);
            }

            using Stream integrity = zip.CreateEntry(IntegrityEntry).Open();
            integrity.Write(Integrity(entries));
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Restores a run from a checkpoint written by the same run (same <paramref name="fingerprint"/>).</summary>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint, or was written by another run (the
    /// message names the file and what differs).</exception>
    internal static State Read(string path, Module network, Module best, Optimizer optimizer, LearningRateSchedule schedule, IReadOnlyDictionary<string, string> fingerprint)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            long weightsLimit = Model.NetworkWeightsEntry.MaxBytes(network);
            (string Name, byte[] Bytes)[] entries =
            [
                ("weights.safetensors", Open(zip, path, "weights.safetensors", weightsLimit)),
                ("best.safetensors", Open(zip, path, "best.safetensors", weightsLimit)),
                ("optimizer.safetensors", Open(zip, path, "optimizer.safetensors", 3 * weightsLimit)),
                ("state.json", Open(zip, path, "state.json", MaxStateBytes)),
            ];
            if (!Open(zip, path, IntegrityEntry, 64).AsSpan().SequenceEqual(Integrity(entries)))
            {
                throw new ModelFormatException(path, $"{path}: the checkpoint's entries do not match the SHA-256 recorded with them; it is damaged or has been modified.", IntegrityEntry);
            }

            State state = JsonSerializer.Deserialize<State>(entries[3].Bytes, Json) ?? throw new ModelFormatException(path, $"{path}: state.json is empty.", "state.json");
            if (state.Version != FormatVersion)
                throw new ModelFormatException(path, $"{path}: checkpoint version {state.Version} is not supported (this build reads version {FormatVersion}).", "version");
            RunFingerprint.Check(path, state.Fingerprint, fingerprint);
            network.LoadSafetensors(new MemoryStream(entries[0].Bytes, writable: false), strict: true, sourceName: path + "!weights.safetensors");
            best.LoadSafetensors(new MemoryStream(entries[1].Bytes, writable: false), strict: true, sourceName: path + "!best.safetensors");
            optimizer.SetState(OptimizerState.Load(new MemoryStream(entries[2].Bytes, writable: false), path + "!optimizer.safetensors"));
            schedule.SetState(new LearningRateScheduleState(state.ScheduleEpoch, state.ScheduleLearningRate));
            return state;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or EndOfStreamException or NotSupportedException or ArgumentException)
        {
            throw new ModelFormatException(path, $"{path}: not a readable training checkpoint ({e.Message}); it is truncated, damaged or not written by H3deMl.", "checkpoint");
        }
    }

    private static byte[] Open(ZipArchive zip, string path, string name, long limit)
    {
        ZipArchiveEntry entry = zip.GetEntry(name)
            ?? throw new ModelFormatException(path, $"{path}: the checkpoint has no '{name}'; it is not an H3deMl training checkpoint or it is damaged.", name);
        if (entry.Length > limit)
        {
            throw new ModelFormatException(path, $"{path}: '{name}' claims {entry.Length} bytes, more than the {limit} this network's checkpoint can hold.", name);
        }

        var copy = new MemoryStream((int)entry.Length);
        using (Stream source = entry.Open())
        {
            var buffer = new byte[81920];
            int n;
            while ((n = source.Read(buffer)) > 0)
            {
                if (copy.Length + n > entry.Length)
                {
                    throw new ModelFormatException(path, $"{path}: '{name}' holds more than the {entry.Length} bytes its header declares.", name);
                }

                copy.Write(buffer, 0, n);
            }
        }

        return copy.ToArray();
    }

    /// <summary>SHA-256 over every entry's name and bytes, in order.</summary>
    private static byte[] Integrity(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach ((string name, byte[] bytes) in entries)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
            hash.AppendData(bytes);
        }

        return hash.GetHashAndReset();
    }

    private static byte[] Serialize(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }
}
