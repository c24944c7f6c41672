using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;

namespace H3deMl.Transforms.Common;

/// <summary>Landmark positions of a row expressed as continuous voxel indices of its current grid.</summary>
internal static class LandmarkIndices
{
    /// <summary>The indices of the present landmarks with finite positions.</summary>
    public static List<Vector3d> Present(LandmarkSet? landmarks, VolumeGeometry geometry)
    {
        var result = new List<Vector3d>();
        if (landmarks is null)
        {
            return result;
        }

        foreach (Landmark l in landmarks.Landmarks)
        {
            if (l.IsPresent && l.PositionLps.IsFinite)
            {
                result.Add(geometry.WorldToIndex(l.PositionLps));
            }
        }

        return result;
    }

    /// <summary>Every landmark's index (NaN when not finite) and whether it counts as present.</summary>
    public static (Vector3d[] Indices, bool[] Present) All(ScanRow row, VolumeGeometry geometry)
    {
        LandmarkSet? set = row.Landmarks;
        if (set is null)
        {
            return ([], []);
        }

        var indices = new Vector3d[set.Count];
        var present = new bool[set.Count];
        for (int n = 0; n < set.Count; n++)
        {
            Landmark l = set[n];
            present[n] = l.IsPresent && l.PositionLps.IsFinite;
            indices[n] = l.PositionLps.IsFinite ? geometry.WorldToIndex(l.PositionLps) : new Vector3d(double.NaN, double.NaN, double.NaN);
        }

        return (indices, present);
    }
}
