using System.IO.Compression;
using System.Text.Json;

namespace H3deMl.Cli.Commands;

/// <summary>Checks a training checkpoint (<c>last.ckpt</c>, a zip written by the trainer) before training resumes from it.</summary>
internal static class CheckpointFile
{
    private static readonly string[] Entries = ["state.json", "weights.safetensors", "best.safetensors", "optimizer.safetensors"];

    /// <summary>A one-line problem with the checkpoint (missing, truncated, damaged, not a checkpoint), or null when it reads.</summary>
    public static string? Problem(string path)
    {
        if (!File.Exists(path))
        {
            return $"{path}: the checkpoint does not exist.";
        }

        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            foreach (string name in Entries)
            {
                ZipArchiveEntry? entry = zip.GetEntry(name);
                if (entry is null)
                {
                    return $"{path}: the checkpoint has no '{name}'; it is not an H3deMl training checkpoint or it is damaged.";
                }

                // Reading every entry to its end checks its CRC.
                using Stream s = entry.Open();
                if (name == "state.json")
                {
                    using JsonDocument _ = JsonDocument.Parse(s);
                }
                else
                {
                    s.CopyTo(Stream.Null);
                }
            }

            return null;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
        {
            return $"{path}: the checkpoint is truncated or damaged ({CommandErrors.OneLine(e.Message)}).";
        }
    }
}
