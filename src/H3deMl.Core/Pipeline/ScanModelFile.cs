using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Core.Pipeline;

/// <summary>Writes and reads model files: a zip holding <c>manifest.json</c> and any extra entries the steps write.</summary>
/// <remarks>
/// <para><b>Layout of <c>manifest.json</c></b> (format "H3deMl.Model", version 1):</para>
/// <code>
/// {
///   "format": "H3deMl.Model",          // constant; anything else is refused
///   "formatVersion": 1,                // refused when greater than FormatVersion
///   "libraryVersion": "0.1.0.0",       // H3deMl.Core's assembly version that wrote the file (informational)
///   "landmarkNames": ["L0", "La", …],  // the landmark order of the model's outputs
///   "steps": [                         // in pipeline order
///     { "type": "H3deMl.Transforms.RandomCrop", "assembly": "H3deMl.Transforms", "version": 1,
///       "scope": "Training", "options": { … the step's options … } },
///     …
///   ]
/// }
/// </code>
/// <para>Other entries are written by steps through <see cref="ScanStepSaveContext.CreateEntry"/> (the trainer writes
/// <c>weights.safetensors</c>). Version history: 1 — first version.</para>
/// <para><b>Untrusted files.</b> Before anything is parsed, the entry count, every entry's name (no absolute paths, no
/// "..", a restricted alphabet), declared sizes, total size and compression ratio are checked against
/// <see cref="ModelFileLimits"/>, and entries are read with the declared length enforced. Unknown step types are refused;
/// no code is loaded except H3deMl assemblies named in the manifest (see <see cref="ScanStepLoaders"/>).</para>
/// </remarks>
internal static class ScanModelFile
{
    public const string ManifestEntryName = "manifest.json";
    public const string FormatName = "H3deMl.Model";
    public const int FormatVersion = 1;

    public static string LibraryVersion => typeof(ScanModelFile).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static void Write(IScanTransformer model, IReadOnlyList<string>? landmarkNames, Stream stream)
    {
        IReadOnlyList<ScanChainStep> steps = model is IScanTransformerChain chain ? chain.Steps : [new ScanChainStep(model, StepScope.Everything)];
        IReadOnlyList<string> names = landmarkNames ?? (model as IScanTransformerChain)?.LandmarkNames ?? [];
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var entryNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var manifestSteps = new JsonArray();
        for (int index = 0; index < steps.Count; index++)
        {
            IScanTransformer transformer = steps[index].Transformer;
            var context = new ScanStepSaveContext(zip, entryNames, index);
            transformer.Save(context);
            manifestSteps.Add(new JsonObject
            {
                ["type"] = transformer.StepTypeName,
                ["assembly"] = transformer.GetType().Assembly.GetName().Name,
                ["version"] = transformer.StepVersion,
                ["scope"] = steps[index].Scope.ToString(),
                ["options"] = context.Options,
            });
        }

        var manifest = new JsonObject
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            ["libraryVersion"] = LibraryVersion,
            ["landmarkNames"] = new JsonArray([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]),
            ["steps"] = manifestSteps,
        };
        using Stream manifestStream = zip.CreateEntry(ManifestEntryName, CompressionLevel.Optimal).Open();
        using var writer = new Utf8JsonWriter(manifestStream, new JsonWriterOptions { Indented = true });
        manifest.WriteTo(writer);
    }

    public static void Save(IScanTransformer model, IReadOnlyList<string>? landmarkNames, string path)
    {
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Write(model, landmarkNames, file);
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

    public static ScanTransformerChain<IScanTransformer> Read(H3deContext context, Stream stream, string filePath)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(filePath, $"{filePath}: not a zip archive ({e.Message}); a model file is a zip holding manifest.json.", innerException: e);
        }

        using (zip)
        {
            Dictionary<string, byte[]> entries = ReadEntries(zip, filePath);
            if (!entries.Remove(ManifestEntryName, out byte[]? manifestBytes))
            {
                throw new ModelFormatException(filePath, $"{filePath}: the zip has no {ManifestEntryName}; it is not an H3deMl model file.", ManifestEntryName);
            }

            JsonObject manifest = ParseManifest(manifestBytes, filePath);
            string format = GetString(manifest, "format", filePath);
            if (format != FormatName)
            {
                throw new ModelFormatException(filePath, $"{filePath}: manifest.json declares format '{format}', expected '{FormatName}'.", "format");
            }

            int version = GetInt(manifest, "formatVersion", filePath);
            if (version < 1 || version > FormatVersion)
            {
                throw new ModelFormatException(
                    filePath,
                    $"{filePath}: the model file has format version {version}, but this build of H3deMl ({LibraryVersion}) reads versions 1 to {FormatVersion}; update H3deMl to load it.",
                    "formatVersion");
            }

            List<string> names = manifest["landmarkNames"] is JsonArray nameArray
                ? [.. nameArray.Select(n => n?.GetValue<string>() ?? throw new ModelFormatException(filePath, $"{filePath}: a landmark name is null.", "landmarkNames"))]
                : [];
            if (manifest["steps"] is not JsonArray stepArray)
            {
                throw new ModelFormatException(filePath, $"{filePath}: manifest.json has no 'steps' array.", "steps");
            }

            if (stepArray.Count == 0)
            {
                throw new ModelFormatException(filePath, $"{filePath}: manifest.json lists no steps; a model file holds at least one fitted step.", "steps");
            }

            var steps = new List<ScanChainStep>(stepArray.Count);
            for (int index = 0; index < stepArray.Count; index++)
            {
                if (stepArray[index] is not JsonObject step)
                {
                    throw new ModelFormatException(filePath, $"{filePath}: step {index} of manifest.json is not an object.", "steps");
                }

                string type = GetString(step, "type", filePath);
                string? assembly = step["assembly"]?.GetValue<string>();
                int stepVersion = GetInt(step, "version", filePath);
                string scopeText = GetString(step, "scope", filePath);
                if (!Enum.TryParse(scopeText, out StepScope scope) || (scope & StepScope.Everything) == 0 || (scope & ~StepScope.Everything) != 0)
                {
                    throw new ModelFormatException(filePath, $"{filePath}: step {index} ({type}) has scope '{scopeText}', expected a combination of Training, Evaluation and Scoring.", "scope");
                }

                Func<ScanStepLoadContext, IScanTransformer> loader = ScanStepLoaders.Find(type, assembly)
                    ?? throw new ModelFormatException(
                        filePath,
                        $"{filePath}: step {index} has type '{type}' (from assembly '{assembly ?? "?"}'), which no loaded assembly can read; reference the assembly that defines it (known types: {string.Join(", ", ScanStepLoaders.RegisteredTypeNames)}).",
                        "type");
                var loadContext = new ScanStepLoadContext(context, filePath, type, stepVersion, index, step["options"], entries);
                IScanTransformer transformer;
                try
                {
                    transformer = loader(loadContext);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
                {
                    throw new ModelFormatException(filePath, $"{filePath}: step {index} ({type}) cannot be restored: {e.Message}", "options", innerException: e);
                }

                steps.Add(new ScanChainStep(transformer, scope));
            }

            return new ScanTransformerChain<IScanTransformer>(steps, names);
        }
    }

    private static Dictionary<string, byte[]> ReadEntries(ZipArchive zip, string filePath)
    {
        if (zip.Entries.Count > ModelFileLimits.MaxEntries)
        {
            throw new ModelFormatException(filePath, $"{filePath}: the zip holds {zip.Entries.Count} entries, more than the {ModelFileLimits.MaxEntries} a model file may have.");
        }

        long total = 0;
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            ModelFileLimits.CheckEntryName(entry.FullName, filePath);
            long limit = entry.FullName == ManifestEntryName ? ModelFileLimits.MaxManifestBytes : ModelFileLimits.MaxEntryBytes;
            if (entry.Length > limit)
            {
                throw new ModelFormatException(filePath, $"{filePath}: entry '{entry.FullName}' declares {entry.Length:N0} bytes, more than the limit of {limit:N0}.", entry.FullName);
            }

            if (entry.Length > (1 << 20) && entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > ModelFileLimits.MaxCompressionRatio)
            {
                throw new ModelFormatException(filePath, $"{filePath}: entry '{entry.FullName}' expands {entry.Length / entry.CompressedLength}× ({entry.CompressedLength:N0} → {entry.Length:N0} bytes), which a model file never does; refusing a possible zip bomb.", entry.FullName);
            }

            total += entry.Length;
            if (total > ModelFileLimits.MaxTotalBytes)
            {
                throw new ModelFormatException(filePath, $"{filePath}: the entries declare more than {ModelFileLimits.MaxTotalBytes:N0} bytes in total.");
            }
        }

        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            if (entries.ContainsKey(entry.FullName))
            {
                throw new ModelFormatException(filePath, $"{filePath}: the zip holds two entries named '{entry.FullName}'.", entry.FullName);
            }

            entries[entry.FullName] = ReadExactly(entry, filePath);
        }

        return entries;
    }

    private static byte[] ReadExactly(ZipArchiveEntry entry, string filePath)
    {
        var buffer = new byte[entry.Length];
        try
        {
            using Stream s = entry.Open();
            int read = 0;
            while (read < buffer.Length)
            {
                int n = s.Read(buffer, read, buffer.Length - read);
                if (n == 0)
                {
                    throw new ModelFormatException(filePath, $"{filePath}: entry '{entry.FullName}' ends after {read:N0} of its declared {entry.Length:N0} bytes; the file is truncated.", entry.FullName, read);
                }

                read += n;
            }

            if (s.ReadByte() != -1)
            {
                throw new ModelFormatException(filePath, $"{filePath}: entry '{entry.FullName}' holds more than its declared {entry.Length:N0} bytes.", entry.FullName);
            }
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(filePath, $"{filePath}: entry '{entry.FullName}' is corrupt ({e.Message}).", entry.FullName, innerException: e);
        }

        return buffer;
    }

    private static JsonObject ParseManifest(byte[] bytes, string filePath)
    {
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw new ModelFormatException(filePath, $"{filePath}: manifest.json is not a JSON object.", ManifestEntryName);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(filePath, $"{filePath}: manifest.json is not valid JSON ({e.Message}).", ManifestEntryName, innerException: e);
        }
    }

    private static string GetString(JsonObject node, string name, string filePath)
    {
        try
        {
            return node[name]?.GetValue<string>() ?? throw new ModelFormatException(filePath, $"{filePath}: manifest.json lacks '{name}'.", name);
        }
        catch (InvalidOperationException e)
        {
            throw new ModelFormatException(filePath, $"{filePath}: '{name}' in manifest.json is not a string.", name, innerException: e);
        }
    }

    private static int GetInt(JsonObject node, string name, string filePath)
    {
        try
        {
            return node[name]?.GetValue<int>() ?? throw new ModelFormatException(filePath, $"{filePath}: manifest.json lacks '{name}'.", name);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ModelFormatException(filePath, $"{filePath}: '{name}' in manifest.json is not an integer.", name, innerException: e);
        }
    }
}
