using System.Text.Json;
using System.Text.Json.Nodes;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Core.Pipeline;

/// <summary>What a step loader gets: the saved options and version, access to extra zip entries, and the context.</summary>
public sealed class ScanStepLoadContext
{
    private readonly JsonNode? _options;
    private readonly IReadOnlyDictionary<string, byte[]> _entries;

    internal ScanStepLoadContext(H3deContext context, string filePath, string stepTypeName, int version, int stepIndex, JsonNode? options, IReadOnlyDictionary<string, byte[]> entries)
    {
        Context = context;
        FilePath = filePath;
        StepTypeName = stepTypeName;
        Version = version;
        StepIndex = stepIndex;
        _options = options;
        _entries = entries;
    }

    /// <summary>The context loading the model (for random streams and logging).</summary>
    public H3deContext Context { get; }

    /// <summary>The model file (or "(stream)").</summary>
    public string FilePath { get; }

    /// <summary>The step type name from the manifest.</summary>
    public string StepTypeName { get; }

    /// <summary>The version the step was saved with; the loader must refuse versions it does not know
    /// (<see cref="ThrowUnsupportedVersion"/>).</summary>
    public int Version { get; }

    /// <summary>The step's position in the pipeline, from 0.</summary>
    public int StepIndex { get; }

    /// <summary>Reads the step's options.</summary>
    /// <typeparam name="T">The options type written with <see cref="ScanStepSaveContext.WriteOptions{T}"/>.</typeparam>
    /// <returns>The options.</returns>
    /// <exception cref="ModelFormatException">The options are missing or do not match the type.</exception>
    public T ReadOptions<T>()
    {
        if (_options is null)
        {
            throw new ModelFormatException(FilePath, $"{FilePath}: step {StepIndex} ({StepTypeName}) has no options in manifest.json; the file is damaged.", "options");
        }

        try
        {
            return _options.Deserialize<T>(ModelFileJson.Options)
                ?? throw new ModelFormatException(FilePath, $"{FilePath}: step {StepIndex} ({StepTypeName}) has null options.", "options");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(FilePath, $"{FilePath}: the options of step {StepIndex} ({StepTypeName}) cannot be read as {typeof(T).Name}: {e.Message}", "options", innerException: e);
        }
    }

    /// <summary>Whether the model file has an extra entry.</summary>
    /// <param name="name">The entry name.</param>
    /// <returns>True when present.</returns>
    public bool HasEntry(string name) => _entries.ContainsKey(name);

    /// <summary>Opens an extra entry (already validated and read into memory with size limits).</summary>
    /// <param name="name">The entry name.</param>
    /// <returns>A read-only stream over the entry's bytes.</returns>
    /// <exception cref="ModelFormatException">The entry does not exist.</exception>
    public Stream OpenEntry(string name) =>
        _entries.TryGetValue(name, out byte[]? bytes)
            ? new MemoryStream(bytes, writable: false)
            : throw new ModelFormatException(FilePath, $"{FilePath}: step {StepIndex} ({StepTypeName}) needs the entry '{name}', which the model file lacks.", name);

    /// <summary>Throws the standard error for a saved version this build cannot read.</summary>
    /// <param name="supportedVersions">The versions the loader reads, e.g. "1".</param>
    /// <exception cref="ModelFormatException">Always.</exception>
    public void ThrowUnsupportedVersion(string supportedVersions) =>
        throw new ModelFormatException(
            FilePath,
            $"{FilePath}: step {StepIndex} ({StepTypeName}) was saved as version {Version}, but this build of H3deMl reads version(s) {supportedVersions}; update H3deMl.",
            "version");
}
