using System.Globalization;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Tensors.Optim;

/// <summary>
/// A snapshot of an <see cref="Optimizer"/>'s state as named tensors plus string values, so that it can be stored in a
/// safetensors file (<see cref="Save(string)"/>) next to the weights and restored for a bit-identical resume.
/// </summary>
/// <remarks>
/// <para>Keys follow PyTorch's optimiser <c>state_dict</c>, indexed by parameter position: tensors
/// <c>state.{i}.exp_avg</c> and <c>state.{i}.exp_avg_sq</c>; values <c>state.{i}.step</c>, <c>lr</c> and the
/// hyper-parameters. Numbers are written with invariant culture and round-trip precision ("R"), so doubles come back
/// exactly. In a file the optimiser's kind is the metadata entry <c>optimizer</c>.</para>
/// </remarks>
public sealed class OptimizerState
{
    internal const string KindKey = "optimizer";

    /// <summary>Creates a state.</summary>
    /// <param name="optimizerKind">The optimiser's kind, e.g. "Adam" or "AdamW".</param>
    /// <param name="tensors">The state tensors by key.</param>
    /// <param name="values">The scalar state by key (numbers in invariant culture).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizerKind"/> is empty, or <paramref name="values"/> uses the reserved key "optimizer".</exception>
    public OptimizerState(string optimizerKind, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(optimizerKind);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(values);
        if (values.ContainsKey(KindKey)) throw new ArgumentException($"The key '{KindKey}' is reserved for the optimiser kind.", nameof(values));
        OptimizerKind = optimizerKind;
        Tensors = tensors;
        Values = values;
    }

    /// <summary>The optimiser's kind, e.g. "Adam" or "AdamW".</summary>
    public string OptimizerKind { get; }

    /// <summary>The state tensors by key (e.g. <c>state.0.exp_avg</c>).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The scalar state by key (e.g. <c>lr</c>, <c>state.0.step</c>).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Writes the state as a safetensors file: the tensors, and the values plus "optimizer" as metadata.</summary>
    /// <param name="path">The file (replaced atomically).</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path) => SafetensorsWriter.Write(path, Tensors, ToMetadata());

    /// <summary>Writes the state in the safetensors format to <paramref name="stream"/> (left open).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">The stream cannot be written.</exception>
    public void Save(Stream stream) => SafetensorsWriter.Write(stream, Tensors, ToMetadata());

    /// <summary>Reads a state written by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ModelFormatException">The file is malformed or has no "optimizer" metadata entry.</exception>
    public static OptimizerState Load(string path) => FromContent(SafetensorsReader.Read(path));

    /// <summary>Reads a state written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="sourceName">The name used in error messages, or null.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ModelFormatException">The content is malformed or has no "optimizer" metadata entry.</exception>
    public static OptimizerState Load(Stream stream, string? sourceName = null) => FromContent(SafetensorsReader.Read(stream, sourceName));

    private OrderedDictionary<string, string> ToMetadata()
    {
        var m = new OrderedDictionary<string, string>(StringComparer.Ordinal) { [KindKey] = OptimizerKind };
        foreach (var (k, v) in Values) m.Add(k, v);
        return m;
    }

    private static OptimizerState FromContent(SafetensorsContent content)
    {
        if (!content.Metadata.TryGetValue(KindKey, out var kind) || kind.Length == 0)
            throw new ModelFormatException(content.Source, $"{content.Source}: the metadata has no '{KindKey}' entry, so this is not an optimiser state file.", KindKey);
        var values = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in content.Metadata) if (k != KindKey) values.Add(k, v);
        return new OptimizerState(kind, content.Tensors, values);
    }

    internal static double ParseDouble(IReadOnlyDictionary<string, string> values, string key, List<string> problems)
    {
        if (values.TryGetValue(key, out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        problems.Add($"value '{key}' is missing or not a number");
        return double.NaN;
    }

    internal static long ParseLong(IReadOnlyDictionary<string, string> values, string key, List<string> problems)
    {
        if (values.TryGetValue(key, out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0) return n;
        problems.Add($"value '{key}' is missing or not a non-negative integer");
        return 0;
    }
}
