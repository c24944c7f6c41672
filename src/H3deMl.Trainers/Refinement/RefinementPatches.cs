using System.Collections.Concurrent;
using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Transforms.Intensity;
using H3deMl.Transforms.Spatial;

namespace H3deMl.Trainers.Refinement;

/// <summary>Cuts refinement patches: a cubic grid of <c>PatchSize</c> voxels at isotropic <c>SpacingMm</c>, oriented by a
/// given direction (the pose-normalised grid), centred on a world point, resampled from the original scan and windowed to [0, 1].</summary>
internal sealed class RefinementPatches(RefinementModelOptions options, bool keepOriginals)
{
    private readonly ConcurrentDictionary<string, Volume> _originals = new(StringComparer.Ordinal);

    /// <summary>The patch grid centred on <paramref name="centreLps"/>.</summary>
    public VolumeGeometry Geometry(Vector3d centreLps, Matrix3d direction)
    {
        int p = options.PatchSize;
        double s = options.SpacingMm;
        double half = s * (p - 1) / 2.0;
        Vector3d origin = centreLps - (direction * new Vector3d(half, half, half));
        return new VolumeGeometry(new VolumeSize(p, p, p), new Vector3d(s, s, s), origin, direction);
    }

    /// <summary>The windowed patch of <paramref name="original"/> on <paramref name="geometry"/>.</summary>
    public Volume Cut(Volume original, VolumeGeometry geometry, CancellationToken cancellationToken = default) =>
        IntensityNormalization.Window(VolumeResampling.ResampleOnto(original, geometry, options.WindowMin, cancellationToken), options.WindowMin, options.WindowMax, 0f, 1f);

    /// <summary>The row's original scan, read from its path (kept in memory in training).</summary>
    /// <exception cref="InvalidOperationException">The row has no scan path.</exception>
    public Volume Original(ScanRow row, CancellationToken cancellationToken = default)
    {
        string? path = row.Source.ImagePath;
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException(
                $"H3deNetRefinement: case '{row.Id}' has no ScanPath; the refinement cuts full-resolution patches from the original scan and needs scans on disk (ml.Data.LoadScans).");
        }

        return keepOriginals ? _originals.GetOrAdd(path, p => Volume.Read(p, cancellationToken)) : Volume.Read(path, cancellationToken);
    }
}
