using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;

namespace H3deMl.Core.Data;

/// <summary>Maps coordinates predicted in a row's current (cropped, zoomed, resampled) grid back to the original scan.</summary>
/// <remarks>
/// Because every spatial step keeps the geometry exact, the current grid's <see cref="VolumeGeometry.IndexToWorld"/>
/// already gives LPS world coordinates of the original scan; the original grid's
/// <see cref="VolumeGeometry.WorldToIndex"/> then gives voxel indices of the original file. The network's spatial axes
/// are the volume's (i, j, k) in that order (see <c>VolumeTensor.ToNetworkInput</c> in H3deMl.Transforms), so a
/// network-space voxel coordinate is a current-grid index.
/// </remarks>
public static class CoordinateMapping
{
    /// <summary>Maps a continuous voxel index of the row's current grid to LPS world millimetres.</summary>
    /// <param name="row">A row with a loaded volume.</param>
    /// <param name="currentIndexIjk">The continuous index (i, j, k) in the current grid (e.g. the crop fed to the network).</param>
    /// <returns>The LPS position in millimetres, valid in the original scan.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="row"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The row has no volume.</exception>
    public static Vector3d CurrentIndexToWorldLps(ScanRow row, Vector3d currentIndexIjk)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.RequireVolume("MapBack").Geometry.IndexToWorld(currentIndexIjk);
    }

    /// <summary>Maps a continuous voxel index of the row's current grid to a continuous index of the original scan.</summary>
    /// <param name="row">A row with a loaded volume.</param>
    /// <param name="currentIndexIjk">The continuous index in the current grid.</param>
    /// <returns>The continuous index (i, j, k) in the scan as loaded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="row"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The row has no volume.</exception>
    public static Vector3d CurrentIndexToOriginalIndex(ScanRow row, Vector3d currentIndexIjk)
    {
        ArgumentNullException.ThrowIfNull(row);
        Vector3d world = CurrentIndexToWorldLps(row, currentIndexIjk);
        return row.OriginalGeometry!.WorldToIndex(world);
    }

    /// <summary>Builds a landmark set in LPS world millimetres from indices predicted in the row's current grid.</summary>
    /// <param name="row">A row with a loaded volume.</param>
    /// <param name="names">The landmark names.</param>
    /// <param name="currentIndicesIjk">One continuous index per name, in the current grid.</param>
    /// <param name="isPresent">Presence flags, one per name; null means all present.</param>
    /// <returns>The landmarks in world coordinates of the original scan.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The lists have different lengths.</exception>
    /// <exception cref="InvalidOperationException">The row has no volume.</exception>
    public static LandmarkSet CurrentIndicesToLandmarks(ScanRow row, IReadOnlyList<string> names, IReadOnlyList<Vector3d> currentIndicesIjk, IReadOnlyList<bool>? isPresent = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        return LandmarkSet.FromIndices(names, currentIndicesIjk, isPresent, row.RequireVolume("MapBack").Geometry);
    }
}
