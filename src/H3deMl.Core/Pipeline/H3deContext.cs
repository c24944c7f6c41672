using H3deMl.Tensors.Randomness;

namespace H3deMl.Core.Pipeline;

/// <summary>
/// The entry point of H3deMl pipelines: holds the seed that drives every random component, the log, and the catalogs
/// through which datasets, transforms, trainers and model files are created.
/// </summary>
/// <remarks>
/// <para>Everything random (crops, augmentation, data order, initialisation) draws from a <see cref="RandomStream"/>
/// forked from the context's root stream by the component's identity (see <see cref="CreateRandomStream"/>), never from
/// a global generator, so the same seed and the same pipeline give the same results (DECISIONS.md §11).</para>
/// <para>A context is cheap; create one per pipeline. It is safe to read from several threads, but building pipelines
/// (which allocates component identities) should happen on one thread so that identities are assigned in a fixed order.</para>
/// </remarks>
public sealed class H3deContext
{
    private readonly Dictionary<string, int> _componentCounts = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Creates a context.</summary>
    /// <param name="seed">The seed of every random component; null picks one from the clock (not reproducible), which
    /// is then available as <see cref="Seed"/> so that the run can be repeated.</param>
    public H3deContext(int? seed = null)
    {
        Seed = seed ?? Environment.TickCount;
        Random = new RandomStream(unchecked((ulong)(uint)Seed));
        Data = new ScanDataCatalog(this);
        Transforms = new ScanTransformsCatalog(this);
        Landmarks = new LandmarksCatalog(this);
        Model = new ScanModelCatalog(this);
    }

    /// <summary>Raised for every log message of every component created from this context.</summary>
    public event EventHandler<H3deLogEventArgs>? Log;

    /// <summary>The seed in effect (the given one, or the one picked from the clock).</summary>
    public int Seed { get; }

    /// <summary>Datasets: loading scans from directories and manifests, in-memory scans, splits, phantoms.</summary>
    public ScanDataCatalog Data { get; }

    /// <summary>Transforms: loading, intensity, spatial, cropping, augmentation and target encoding (extended by H3deMl.Transforms).</summary>
    public ScanTransformsCatalog Transforms { get; }

    /// <summary>Landmark detection: trainers (extended by H3deMl.Trainers) and evaluation (extended by H3deMl.Evaluators).</summary>
    public LandmarksCatalog Landmarks { get; }

    /// <summary>Model files: save, load, and prediction engines.</summary>
    public ScanModelCatalog Model { get; }

    /// <summary>The root random stream, seeded with <see cref="Seed"/>. Components fork it; they never draw from it directly.</summary>
    internal RandomStream Random { get; }

    /// <summary>Creates the random stream of a component, forked from the root stream by a stable identity.</summary>
    /// <remarks>The identity is <paramref name="component"/> for the first component of that name created from this
    /// context, then <c>component#1</c>, <c>component#2</c>, …, so two random crops in one pipeline draw different
    /// values, and rebuilding the same pipeline from a context with the same seed gives the same streams.</remarks>
    /// <param name="component">The component's name, e.g. "RandomCrop".</param>
    /// <returns>The stream and the identity it was forked with (persist the identity to recreate the stream on load).</returns>
    /// <exception cref="ArgumentException"><paramref name="component"/> is null or empty.</exception>
    public (RandomStream Stream, string Identity) CreateRandomStream(string component)
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        string identity;
        lock (_gate)
        {
            _componentCounts.TryGetValue(component, out int n);
            _componentCounts[component] = n + 1;
            identity = n == 0 ? component : $"{component}#{n}";
        }

        return (Random.Fork(identity), identity);
    }

    /// <summary>Recreates the random stream of a component from its persisted identity (used when loading a model).</summary>
    /// <param name="identity">The identity returned by <see cref="CreateRandomStream"/>.</param>
    /// <returns>The stream forked from this context's root stream with that identity.</returns>
    /// <exception cref="ArgumentException"><paramref name="identity"/> is null or empty.</exception>
    public RandomStream GetRandomStream(string identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return Random.Fork(identity);
    }

    /// <summary>Raises <see cref="Log"/>.</summary>
    /// <param name="level">The importance.</param>
    /// <param name="source">The component.</param>
    /// <param name="message">The text.</param>
    public void WriteLog(H3deLogLevel level, string source, string message) =>
        Log?.Invoke(this, new H3deLogEventArgs(level, source, message));
}
