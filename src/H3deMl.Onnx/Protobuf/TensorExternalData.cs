namespace H3deMl.Onnx.Protobuf;

/// <summary>
/// The parsed <c>external_data</c> entries of a tensor whose data lives in a file beside the model. The location
/// is confined to the model's folder: absolute paths, drive or UNC roots, <c>..</c> segments and control characters
/// are rejected when the model is read.
/// </summary>
/// <param name="Location">The relative path, with <c>/</c> separators.</param>
/// <param name="Offset">Byte offset in the file (0 when absent).</param>
/// <param name="Length">Byte length, when given.</param>
public sealed record TensorExternalData(string Location, long Offset, long? Length)
{
    /// <summary>Parses and validates the entries.</summary>
    /// <param name="entries">The tensor's <see cref="TensorProto.ExternalData"/>.</param>
    /// <param name="what">How error messages name the tensor.</param>
    /// <exception cref="InvalidDataException">An entry is missing, repeated, malformed or escapes the model folder.</exception>
    public static TensorExternalData Parse(IReadOnlyList<StringStringEntryProto> entries, string what)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!seen.Add(entry.Key)) throw new InvalidDataException($"{what}: external_data repeats the key '{entry.Key}'.");
            switch (entry.Key)
            {
                case "location": location = entry.Value; break;
                case "offset": offset = ParseNonNegative(entry.Value, "offset", what); break;
                case "length": length = ParseNonNegative(entry.Value, "length", what); break;
            }
        }
        if (string.IsNullOrEmpty(location)) throw new InvalidDataException($"{what}: external_data has no location.");
        return new TensorExternalData(ConfineLocation(location, what), offset, length);
    }

    /// <summary>Checks that <paramref name="location"/> is a plain relative path inside the model's folder.</summary>
    /// <returns>The location with <c>/</c> separators.</returns>
    /// <exception cref="InvalidDataException">The path is absolute, rooted, contains <c>..</c> or control characters.</exception>
    public static string ConfineLocation(string location, string what)
    {
        var normalized = location.Replace('\\', '/');
        if (normalized.StartsWith('/') || Path.IsPathRooted(location) || (normalized.Length >= 2 && normalized[1] == ':'))
            throw new InvalidDataException($"{what}: external data location '{location}' is not a relative path.");
        foreach (var c in normalized)
            if (char.IsControl(c)) throw new InvalidDataException($"{what}: external data location contains a control character.");
        foreach (var segment in normalized.Split('/'))
            if (segment == "..")
                throw new InvalidDataException($"{what}: external data location '{location}' leaves the model's folder.");
        return normalized;
    }

    private static long ParseNonNegative(string text, string key, string what) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{what}: external_data {key} '{text}' is not a non-negative integer.");
}
