using H3deMl.Core.Data;
using H3deMl.Tensors;

namespace H3deMl.Core.Pipeline;

public sealed partial class ScanDataCatalog
{
    /// <summary>Reads (or generates) every case's volume and landmarks now and keeps them in memory, so that later
    /// epochs skip reading, decoding or generating them.</summary>
    /// <remarks>Only the sources are cached: the view's steps still run on every enumeration, so random crops and
    /// augmentations still differ per epoch. Every volume stays in memory for the lifetime of the returned view; use it
    /// for small datasets (phantoms in tests and samples) and <c>LoadVolume(cacheDirectory)</c> for large ones.</remarks>
    /// <param name="data">The dataset.</param>
    /// <param name="cancellationToken">Cancels the loading.</param>
    /// <returns>A view of the same rows, splits, steps and prefetch depth whose rows hold their volumes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public ScanDataView Cache(ScanDataView data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rows = new ScanRow[data.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = ComputeSettings.Threads, CancellationToken = cancellationToken };
        Parallel.For(0, rows.Length, options, i => rows[i] = ScanLoader.Load(data.SourceRows[i], cancellationToken));
        return new ScanDataView(data.Context ?? Context, rows, data.LandmarkNames, [.. data.Steps], data.PrefetchDepth);
    }
}
