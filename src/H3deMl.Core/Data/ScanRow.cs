using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Data;

/// <summary>One scan flowing through a pipeline: its identity and source, and — once loaded — its volume, landmarks,
/// transform history and derived features (training targets).</summary>
/// <remarks>
/// <para>Rows are immutable; a step returns a modified copy (<c>row with { … }</c> or the <c>With…</c> helpers). A row
/// coming out of a dataset holds only <see cref="Id"/>, <see cref="Split"/> and <see cref="Source"/>; the
/// <c>LoadVolume</c> transform fills <see cref="Volume"/> and <see cref="Landmarks"/>.</para>
/// <para>Landmarks are LPS world millimetres. Spatial steps keep the geometry exact, so they stay valid through crops,
/// zooms, resampling and flips, and <see cref="History"/> records every grid change (see <see cref="CoordinateMapping"/>).</para>
/// </remarks>
public sealed record ScanRow
{
    private static readonly IReadOnlyDictionary<string, object> NoFeatures = new Dictionary<string, object>();

    /// <summary>The case identifier (file stem, manifest id, or the id given in memory).</summary>
    public required string Id { get; init; }

    /// <summary>The split the dataset assigned ("train", "val", "test"), or null.</summary>
    public string? Split { get; init; }

    /// <summary>Where the scan is loaded from.</summary>
    public ScanSource Source { get; init; } = ScanSource.InMemory;

    /// <summary>The volume, once loaded (null before <c>LoadVolume</c> for rows read from disk).</summary>
    public Volume? Volume { get; init; }

    /// <summary>The ground-truth landmarks in LPS millimetres, when the scan has them.</summary>
    public LandmarkSet? Landmarks { get; init; }

    /// <summary>Every change of the voxel grid since the scan was loaded, oldest first.</summary>
    public IReadOnlyList<GeometryStep> History { get; init; } = [];

    /// <summary>Derived values keyed by name (training targets such as <c>HeatmapTargets</c>, network inputs, …).</summary>
    public IReadOnlyDictionary<string, object> Features { get; init; } = NoFeatures;

    /// <summary>The grid of the scan as loaded (before any spatial step), or null when no volume is loaded.</summary>
    public VolumeGeometry? OriginalGeometry => History.Count > 0 ? History[0].Before : Volume?.Geometry;

    /// <summary>Returns <see cref="Volume"/>, or throws a message telling the user to load it first.</summary>
    /// <param name="stepName">The step asking (named in the message).</param>
    /// <returns>The volume.</returns>
    /// <exception cref="InvalidOperationException">The row has no volume.</exception>
    public Volume RequireVolume(string stepName) =>
        Volume ?? throw new InvalidOperationException(
            $"{stepName}: case '{Id}' has no volume loaded; put ml.Transforms.LoadVolume() before this step in the pipeline.");

    /// <summary>A copy with a new volume; when the grid changed, the change is appended to <see cref="History"/>.</summary>
    /// <param name="volume">The new volume.</param>
    /// <param name="stepName">The step that produced it.</param>
    /// <returns>The row.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ScanRow WithVolume(Volume volume, string stepName)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(stepName);
        if (Volume is null || Volume.Geometry.Equals(volume.Geometry))
        {
            return this with { Volume = volume };
        }

        return this with { Volume = volume, History = [.. History, new GeometryStep(stepName, Volume.Geometry, volume.Geometry)] };
    }

    /// <summary>A copy with one feature added or replaced.</summary>
    /// <param name="key">The feature name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The row.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ScanRow WithFeature(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var features = new Dictionary<string, object>(Features, StringComparer.Ordinal) { [key] = value };
        return this with { Features = features };
    }

    /// <summary>Gets a feature by name and type.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The feature name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The row has no such feature (the message names the case and the known features).</exception>
    /// <exception cref="InvalidCastException">The feature has another type.</exception>
    public T GetFeature<T>(string key)
    {
        if (!Features.TryGetValue(key, out object? value))
        {
            throw new KeyNotFoundException(
                $"Case '{Id}' has no feature '{key}' (it has: {(Features.Count == 0 ? "none" : string.Join(", ", Features.Keys))}); add the step that produces it to the pipeline.");
        }

        return value is T t
            ? t
            : throw new InvalidCastException($"Case '{Id}': feature '{key}' is a {value.GetType().Name}, not a {typeof(T).Name}.");
    }

    /// <summary>Gets a feature by name and type, if present.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The feature name.</param>
    /// <param name="value">The value, when found with the right type.</param>
    /// <returns>True when found with the right type.</returns>
    public bool TryGetFeature<T>(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        if (Features.TryGetValue(key, out object? v) && v is T t)
        {
            value = t;
            return true;
        }

        value = default;
        return false;
    }
}
