using H3deMl.Core.Geometry;
using H3deMl.Core.IO.Numpy;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Data;

/// <summary>Reads the volume and landmarks of a row from its <see cref="ScanSource"/> (the work of the <c>LoadVolume</c> step).</summary>
public static class ScanLoader
{
    /// <summary>Loads a row's volume and landmarks; a row that already has a volume is returned with only missing landmarks read.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><see cref="ScanSourceKind.ImageAndLandmarks"/>: <see cref="Volume.Read"/> and <see cref="LandmarkSet.Read"/>.</item>
    /// <item><see cref="ScanSourceKind.ReferenceLayout"/>: the NRRD volume; its spacing is replaced by <c>X_spacing.npy</c> when
    /// that file exists (the reference code's source of spacing); labels are voxel indices in the NRRD's [i, j, k] order, mapped
    /// to LPS through the volume's geometry; rows whose mean is below −100 are missing. 14 labels get the reference names
    /// (<see cref="ReferenceLandmarkNames.Molar14"/>).</item>
    /// <item><see cref="ScanSourceKind.Generated"/>: the generator runs.</item>
    /// </list>
    /// </remarks>
    /// <param name="row">The row.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The row with <see cref="ScanRow.Volume"/> (and <see cref="ScanRow.Landmarks"/> when the source has them) set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="row"/> is null.</exception>
    /// <exception cref="InvalidOperationException">An in-memory row has no volume.</exception>
    /// <exception cref="IO.VolumeFormatException">The volume file is invalid.</exception>
    /// <exception cref="LandmarkFormatException">The landmark file is invalid.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static ScanRow Load(ScanRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        cancellationToken.ThrowIfCancellationRequested();
        ScanSource source = row.Source;
        if (row.Volume is not null)
        {
            return row.Landmarks is null && source.LandmarksPath is not null
                ? row with { Landmarks = ReadLandmarks(source, row.Volume.Geometry) }
                : row;
        }

        switch (source.Kind)
        {
            case ScanSourceKind.Generated when source.Generator is not null:
                (Volume v, LandmarkSet? l) = source.Generator(cancellationToken);
                return row with { Volume = v, Landmarks = row.Landmarks ?? l };
            case ScanSourceKind.ImageAndLandmarks when source.ImagePath is not null:
                Volume volume = ApplySpacingFile(Volume.Read(source.ImagePath, cancellationToken), ReferenceSpacingPath(source.ImagePath));
                return row with { Volume = volume, Landmarks = row.Landmarks ?? (source.LandmarksPath is null ? null : ReadLandmarks(source, volume.Geometry)) };
            case ScanSourceKind.ReferenceLayout when source.ImagePath is not null:
                Volume nrrd = ApplySpacingFile(Volume.Read(source.ImagePath, cancellationToken), source.SpacingPath);
                return row with { Volume = nrrd, Landmarks = row.Landmarks ?? (source.LandmarksPath is null ? null : ReadLandmarks(source, nrrd.Geometry)) };
            default:
                throw new InvalidOperationException($"Case '{row.Id}' has no volume and its source ({source.Kind}) gives no way to load one.");
        }
    }

    /// <summary>Reads a source's landmarks in a geometry (reference labels renamed as documented on <see cref="Load"/>).</summary>
    internal static LandmarkSet ReadLandmarks(ScanSource source, VolumeGeometry? geometry)
    {
        LandmarkSet set = LandmarkSet.Read(source.LandmarksPath!, geometry);
        if (source.Kind != ScanSourceKind.ReferenceLayout && !source.LandmarksPath!.EndsWith("_label.npy", StringComparison.Ordinal))
        {
            return set;
        }

        IReadOnlyList<string> names = ReferenceLandmarkNames.For(set.Count);
        return new LandmarkSet(set.Landmarks.Select((l, i) => l with { Name = names[i] }));
    }

    /// <summary>The reference layout's spacing file beside <c>X_volume.nrrd</c> (<c>X_spacing.npy</c>), when the image is named so.</summary>
    private static string? ReferenceSpacingPath(string imagePath) =>
        imagePath.EndsWith("_volume.nrrd", StringComparison.Ordinal) ? imagePath[..^"_volume.nrrd".Length] + "_spacing.npy" : null;

    private static Volume ApplySpacingFile(Volume volume, string? spacingPath)
    {
        if (spacingPath is null || !File.Exists(spacingPath))
        {
            return volume;
        }

        (double[] spacing, _) = NpyArray.ReadDoubles(spacingPath);
        if (spacing.Length != 3 || spacing.Any(s => !double.IsFinite(s) || s <= 0))
        {
            throw new DatasetException($"{spacingPath}: the spacing must be three positive numbers (mm along i, j, k), found {spacing.Length} values.", filePath: spacingPath);
        }

        VolumeGeometry g = volume.Geometry;
        var spacingMm = new Vector3d(spacing[0], spacing[1], spacing[2]);
        if (g.SpacingMm == spacingMm)
        {
            return volume;
        }

        var geometry = new VolumeGeometry(g.Size, spacingMm, g.OriginLps, g.Direction);
        return new Volume(volume.Voxels, geometry, volume.OriginalElementType, volume.Metadata, volume.Components);
    }
}
