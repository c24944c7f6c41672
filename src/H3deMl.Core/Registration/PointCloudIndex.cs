using H3deMl.Core.Geometry;

namespace H3deMl.Core.Registration;

/// <summary>Nearest-neighbour queries on a fixed point cloud: a balanced k-d tree, built once, safe to query from
/// several threads at once.</summary>
public sealed class PointCloudIndex
{
    private const int LeafSize = 8;
    private readonly Vector3d[] _input;
    private readonly Vector3d[] _points;
    private readonly int[] _original;
    private readonly byte[] _axis;

    /// <summary>Builds the index.</summary>
    /// <param name="points">The points (at least one, all finite); copied.</param>
    /// <exception cref="ArgumentException">No points, or a point is not finite.</exception>
    public PointCloudIndex(IReadOnlyList<Vector3d> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0 || points.Any(p => !p.IsFinite))
        {
            throw new ArgumentException("The point cloud must hold at least one point, all finite.", nameof(points));
        }

        _input = [.. points];
        Points = Array.AsReadOnly(_input);
        _original = [.. Enumerable.Range(0, points.Count)];
        _axis = new byte[points.Count];
        var keys = new double[points.Count];
        Build(0, points.Count, keys);
        _points = [.. _original.Select(i => _input[i])];
    }

    /// <summary>The points, in the order given.</summary>
    public IReadOnlyList<Vector3d> Points { get; }

    /// <summary>The nearest point to <paramref name="query"/> (the lowest index among equally near points is not
    /// guaranteed, but the answer is the same on every call).</summary>
    /// <param name="query">The query point.</param>
    /// <param name="distanceSquared">The squared distance to it, mm².</param>
    /// <returns>Its index in <see cref="Points"/>.</returns>
    public int Nearest(Vector3d query, out double distanceSquared)
    {
        int best = -1;
        distanceSquared = double.PositiveInfinity;
        Search(0, _points.Length, query, ref best, ref distanceSquared);
        return _original[best];
    }

    /// <summary>The nearest point itself (no index lookup), for the registration loops.</summary>
    internal Vector3d NearestPoint(Vector3d query, out double distanceSquared)
    {
        int best = -1;
        distanceSquared = double.PositiveInfinity;
        Search(0, _points.Length, query, ref best, ref distanceSquared);
        return _points[best];
    }

    private void Build(int lo, int hi, double[] keys)
    {
        if (hi - lo <= LeafSize)
        {
            return;
        }

        int axis = WidestAxis(lo, hi);
        for (int i = lo; i < hi; i++)
        {
            keys[i] = _input[_original[i]][axis];
        }

        Array.Sort(keys, _original, lo, hi - lo);
        int mid = (lo + hi) >> 1;
        _axis[mid] = (byte)axis;
        Build(lo, mid, keys);
        Build(mid + 1, hi, keys);
    }

    private int WidestAxis(int lo, int hi)
    {
        Vector3d min = _input[_original[lo]], max = min;
        for (int i = lo + 1; i < hi; i++)
        {
            Vector3d p = _input[_original[i]];
            min = new Vector3d(Math.Min(min.X, p.X), Math.Min(min.Y, p.Y), Math.Min(min.Z, p.Z));
            max = new Vector3d(Math.Max(max.X, p.X), Math.Max(max.Y, p.Y), Math.Max(max.Z, p.Z));
        }

        Vector3d extent = max - min;
        return extent.X >= extent.Y && extent.X >= extent.Z ? 0 : extent.Y >= extent.Z ? 1 : 2;
    }

    private void Search(int lo, int hi, Vector3d q, ref int best, ref double bestD2)
    {
        if (hi - lo <= LeafSize)
        {
            for (int i = lo; i < hi; i++)
            {
                Consider(i, q, ref best, ref bestD2);
            }

            return;
        }

        int mid = (lo + hi) >> 1;
        Consider(mid, q, ref best, ref bestD2);
        double diff = q[_axis[mid]] - _points[mid][_axis[mid]];
        (int nearLo, int nearHi, int farLo, int farHi) = diff < 0 ? (lo, mid, mid + 1, hi) : (mid + 1, hi, lo, mid);
        Search(nearLo, nearHi, q, ref best, ref bestD2);
        if (diff * diff < bestD2)
        {
            Search(farLo, farHi, q, ref best, ref bestD2);
        }
    }

    private void Consider(int i, Vector3d q, ref int best, ref double bestD2)
    {
        Vector3d d = _points[i] - q;
        double d2 = (d.X * d.X) + (d.Y * d.Y) + (d.Z * d.Z);
        if (d2 < bestD2)
        {
            best = i;
            bestD2 = d2;
        }
    }
}
