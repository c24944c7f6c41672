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
    internal const int FormatVersion = 1;

    // The best MRE is +∞ until a validation has run (and always without validation data).
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal sealed record State(int Version, int Epoch, int ScheduleEpoch, double ScheduleLearningRate, double BestMreMm, int BestEpoch, int EpochsWithoutImprovement, int Seed, int BatchesDone = 0);

    internal static void Write(string path, Module network, Module best, Optimizer optimizer, State state)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("weights.safetensors", CompressionLevel.NoCompression).Open()) network.SaveSafetensors(s);
            using (var s = zip.CreateEntry("best.safetensors", CompressionLevel.NoCompression).Open()) best.SaveSafetensors(s);
            using (var s = zip.CreateEntry("optimizer.safetensors", CompressionLevel.NoCompression).Open()) optimizer.GetState().Save(s);
            using (var s = zip.CreateEntry("state.json").Open()) JsonSerializer.Serialize(s, state, Json);
        }
        File.Move(temporary, path, overwrite: true);
    }

    internal static State Read(string path, Module network, Module best, Optimizer optimizer, LearningRateSchedule schedule)
    {
        using var zip = ZipFile.OpenRead(path);
        Stream Open(string name) =>
            zip.GetEntry(name)?.Open() ?? throw new ModelFormatException(path, $"{path}: the checkpoint has no '{name}'; it is not an H3deMl training checkpoint or it is damaged.", name);
        State state;
        using (var s = Open("state.json"))
            state = JsonSerializer.Deserialize<State>(s, Json) ?? throw new ModelFormatException(path, $"{path}: state.json is empty.", "state.json");
        if (state.Version != FormatVersion)
            throw new ModelFormatException(path, $"{path}: checkpoint version {state.Version} is not supported (this build reads version {FormatVersion}).", "version");
        using (var s = Copy(Open("weights.safetensors"))) network.LoadSafetensors(s, strict: true, sourceName: path + "!weights.safetensors");
        using (var s = Copy(Open("best.safetensors"))) best.LoadSafetensors(s, strict: true, sourceName: path + "!best.safetensors");
        using (var s = Copy(Open("optimizer.safetensors"))) optimizer.SetState(OptimizerState.Load(s, path + "!optimizer.safetensors"));
        schedule.SetState(new LearningRateScheduleState(state.ScheduleEpoch, state.ScheduleLearningRate));
        return state;
    }

    private static MemoryStream Copy(Stream s)
    {
        var m = new MemoryStream();
        using (s) s.CopyTo(m);
        m.Position = 0;
        return m;
    }
}
