using H3deMl.Core.Geometry;

namespace H3deMl.Core.Registration;

/// <summary>The centroid, principal axes and spread of a point cloud.</summary>
/// <param name="Centroid">The mean point.</param>
/// <param name="Axes">Columns: unit axes by decreasing variance, right-handed (determinant +1).</param>
/// <param name="TotalVariance">The mean squared distance from the centroid.</param>
internal readonly record struct PrincipalAxes(Vector3d Centroid, Matrix3d Axes, double TotalVariance)
{
    public static PrincipalAxes Of(ReadOnlySpan<Vector3d> points)
    {
        Vector3d sum = Vector3d.Zero;
        foreach (Vector3d p in points)
        {
            sum += p;
        }

        Vector3d centroid = sum * (1.0 / points.Length);
        var covariance = new double[3, 3];
        foreach (Vector3d p in points)
        {
            Vector3d d = p - centroid;
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    covariance[r, c] += d[r] * d[c];
                }
            }
        }

        double total = (covariance[0, 0] + covariance[1, 1] + covariance[2, 2]) / points.Length;
        (_, double[,] v) = SymmetricEigen.Decompose(covariance);
        var first = new Vector3d(v[0, 0], v[1, 0], v[2, 0]);
        var second = new Vector3d(v[0, 1], v[1, 1], v[2, 1]);
        return new PrincipalAxes(centroid, Matrix3d.FromColumns(first, second, Vector3d.Cross(first, second)), total);
    }
}
