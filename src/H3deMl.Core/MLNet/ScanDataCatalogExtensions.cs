using H3deMl.Core.Data;
using H3deMl.Core.Landmarks;
using H3deMl.Core.MLNet;
using H3deMl.Core.Phantoms;
using H3deMl.Tensors.Randomness;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl;

/// <summary>Datasets of scans on <c>ml.Data</c>.</summary>
public static class ScanDataCatalogExtensions
{
    /// <summary>Reads a dataset of scans: an <see cref="IDataView"/> with <c>Id</c>, <c>ScanPath</c> and <c>Landmarks</c>
    /// (3 floats per landmark, world LPS millimetres, NaN where missing, slot names "Name.L", "Name.P", "Name.S"), and
    /// <c>Split</c> (text: "train", "val" or "test") when the folders or the manifest assign splits. Voxels are read
    /// later, by <c>ml.Transforms.LoadVolume()</c>.</summary>
    /// <remarks>
    /// <para>Recognised layouts, tried in this order (each also inside <c>train/</c>, <c>val/</c> and <c>test/</c> subfolders):</para>
    /// <list type="number">
    /// <item>a manifest: <paramref name="path"/> is a <c>.csv</c> file, or the directory holds <c>manifest.csv</c> or
    /// <c>dataset.csv</c>, with a header <c>image,landmarks[,split][,id]</c> and paths relative to the CSV;</item>
    /// <item>the reference H3DE-Net layout: <c>X_volume.nrrd</c> + <c>X_label.npy</c> (voxel indices; a row whose mean is
    /// below −100 is missing) + <c>X_spacing.npy</c>;</item>
    /// <item>image + landmark files with the same stem (<c>X.nii.gz</c> + <c>X.mrk.json</c>; also .nii, .nrrd, .nhdr, .mha,
    /// .mhd images and .fcsv, .json, .csv landmarks), in the directory or in sibling <c>volumes/</c> and <c>landmarks/</c>
    /// folders. An image without landmarks is a case without ground truth (NaN).</item>
    /// </list>
    /// <para>Every landmark file is read now (they are small; the reference layout's voxel labels need the volume's
    /// geometry, so those volumes are read too), and all cases must share the same landmark names in the same order.</para>
    /// </remarks>
    /// <param name="catalog">The data catalog (<c>ml.Data</c>).</param>
    /// <param name="path">The dataset directory or manifest CSV.</param>
    /// <returns>The dataset, sorted by split and id.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="DatasetException">No case is found, a manifest row is malformed, ids repeat, or landmark names differ
    /// between cases (the message names the first case that differs).</exception>
    /// <exception cref="LandmarkFormatException">A landmark file is malformed.</exception>
    public static IDataView LoadScans(this DataOperationsCatalog catalog, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(path);
        List<ScanRow> rows = DatasetDiscovery.Discover(path);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (ScanRow row in rows.Where(r => !ids.Add(r.Id)))
        {
            throw new DatasetException($"{path}: case '{row.Id}' appears twice ({row.Source}); case ids must be unique.", row.Id, row.Source.ImagePath);
        }

        ScanRow[] withLandmarks = [.. rows.Select(ReadLandmarks)];
        IReadOnlyList<string> names = LandmarkNameCheck.SharedNames(withLandmarks);
        IHostEnvironment env = MLNetEnvironment.Of(catalog);
        using (IChannel channel = env.Start("LoadScans"))
        {
            channel.Info(MessageSensitivity.None, $"{path}: {rows.Count} cases, {names.Count} landmarks.");
        }

        return new ScanTable(withLandmarks.Select(r => new ScanTableRow(r.Id, r.Source.ImagePath ?? "", r.Landmarks is null ? null : LandmarkColumn.ToVector(r.Landmarks), Split: r.Split)), names);
    }

    /// <summary>Generates skull-like phantoms in memory (13 named landmarks, some missing): <c>Id</c>, <c>ScanPath</c> (empty),
    /// <c>Landmarks</c> and <c>Volume</c>.</summary>
    /// <param name="catalog">The data catalog (<c>ml.Data</c>).</param>
    /// <param name="count">How many, 1 to 100,000.</param>
    /// <param name="seed">The seed; the same seed gives the same phantoms.</param>
    /// <param name="options">The phantom options; null for the defaults.</param>
    /// <returns>The phantoms ("phantom000", "phantom001", …).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is out of range, or an option is invalid.</exception>
    public static IDataView GeneratePhantoms(this DataOperationsCatalog catalog, int count, int seed, PhantomOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100_000);
        options ??= new PhantomOptions();
        options.Validate();
        RandomStream stream = new RandomStream(unchecked((ulong)(uint)seed)).Fork("Phantoms");
        var rows = new ScanTableRow[count];
        Parallel.For(0, count, n =>
        {
            (Core.Volumes.Volume volume, LandmarkSet landmarks) = PhantomGenerator.Generate(options, stream.Fork((ulong)n));
            rows[n] = new ScanTableRow($"phantom{n:D3}", "", LandmarkColumn.ToVector(landmarks), volume);
        });
        return new ScanTable(rows, PhantomGenerator.LandmarkNames);
    }

    private static ScanRow ReadLandmarks(ScanRow row)
    {
        if (row.Source.LandmarksPath is null)
        {
            return row;
        }

        return row.Source.Kind == ScanSourceKind.ReferenceLayout
            ? ScanLoader.Load(row) with { Volume = null }
            : row with { Landmarks = ScanLoader.ReadLandmarks(row.Source, null) };
    }
}
