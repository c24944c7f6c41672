using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace H3deMl.Core.Pipeline;

/// <summary>Where a step writes itself in a model file: its options (as JSON in <c>manifest.json</c>) and any extra zip
/// entries (e.g. <c>weights.safetensors</c>).</summary>
public sealed class ScanStepSaveContext
{
    private readonly ZipArchive _zip;
    private readonly HashSet<string> _entryNames;

    internal ScanStepSaveContext(ZipArchive zip, HashSet<string> entryNames, int stepIndex)
    {
        _zip = zip;
        _entryNames = entryNames;
        StepIndex = stepIndex;
    }

    /// <summary>The step's position in the pipeline, from 0.</summary>
    public int StepIndex { get; }

    internal JsonNode? Options { get; private set; }

    /// <summary>Writes the step's options; they are stored in the manifest entry of the step.</summary>
    /// <typeparam name="T">The options type (a record of plain values; enums are written as names).</typeparam>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public void WriteOptions<T>(T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = JsonSerializer.SerializeToNode(options, ModelFileJson.Options);
    }

    /// <summary>Creates an extra entry in the model zip and returns a stream to write it; dispose the stream when done.</summary>
    /// <param name="name">The entry name: letters, digits, '.', '-', '_' and '/' separators, no "..", not <c>manifest.json</c>,
    /// unique in the file (e.g. "weights.safetensors").</param>
    /// <returns>A writable stream.</returns>
    /// <exception cref="ArgumentException">The name is invalid or already used.</exception>
    public Stream CreateEntry(string name)
    {
        ModelFileLimits.CheckEntryName(name, "(writing)");
        if (string.Equals(name, ScanModelFile.ManifestEntryName, StringComparison.OrdinalIgnoreCase) || !_entryNames.Add(name))
        {
            throw new ArgumentException($"The model file already has an entry named '{name}'.", nameof(name));
        }

        return _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
    }
}
