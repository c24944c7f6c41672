using H3deMl.Core.Data;

namespace H3deMl.Core.Pipeline;

public sealed partial class ScanDataCatalog
{
    /// <summary>Creates a view of the scans in a directory (or described by a manifest CSV). Voxels are read lazily by <c>LoadVolume</c>.</summary>
    /// <remarks>
    /// <para>Recognised layouts, tried in this order (each also inside <c>train/</c>, <c>val/</c> (or <c>validation/</c>) and
    /// <c>test/</c> subfolders, which set <see cref="ScanRow.Split"/>):</para>
    /// <list type="number">
    /// <item>a manifest: <paramref name="path"/> is a <c>.csv</c> file, or the directory holds <c>manifest.csv</c> or
    /// <c>dataset.csv</c>, with a header <c>image,landmarks[,split][,id]</c> and paths relative to the CSV;</item>
    /// <item>the reference H3DE-Net layout: <c>X_volume.nrrd</c> + <c>X_label.npy</c> (voxel indices in the NRRD's [i, j, k]
    /// order, a row whose mean is below −100 is missing) + <c>X_spacing.npy</c>;</item>
    /// <item>image + landmark files with the same stem (<c>X.nii.gz</c> + <c>X.mrk.json</c>; also .nii, .nrrd, .nhdr, .mha,
    /// .mhd images and .fcsv, .json, .csv landmarks), in the directory itself or in sibling <c>volumes/</c> (or
    /// <c>images/</c>) and <c>landmarks/</c> folders. An image without landmarks is a case without ground truth.</item>
    /// </list>
    /// <para>Rows are sorted by split and id. Every landmark file is read now (they are small) to check that all cases
    /// share the same landmark names in the same order; missing landmarks stay in the set, marked missing.</para>
    /// </remarks>
    /// <param name="path">The dataset directory or manifest CSV.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="DatasetException">No case is found, a manifest row is malformed, or landmark names differ between
    /// cases (the message names the first case that differs).</exception>
    /// <exception cref="Landmarks.LandmarkFormatException">A landmark file is malformed.</exception>
    public ScanDataView LoadFromDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        List<ScanRow> rows = DatasetDiscovery.Discover(path);
        IReadOnlyList<string> names = LandmarkNameCheck.SharedNames(DatasetDiscovery.ReadNames(rows));
        var ids = new HashSet<(string?, string)>();
        foreach (ScanRow row in rows)
        {
            if (!ids.Add((row.Split, row.Id)))
            {
                throw new DatasetException($"{path}: case '{row.Id}' appears twice ({row.Source}); case ids must be unique within a split.", row.Id, row.Source.ImagePath);
            }
        }

        Context.WriteLog(H3deLogLevel.Information, "Data.LoadFromDirectory", $"{path}: {rows.Count} cases, {names.Count} landmarks.");
        return new ScanDataView(Context, [.. rows], names, [], 0);
    }
}
