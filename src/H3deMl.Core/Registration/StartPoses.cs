using H3deMl.Core.Geometry;

namespace H3deMl.Core.Registration;

/// <summary>The initial poses of a global alignment: centroids matched, principal axes matched in each proper way, and
/// rolls about the long axis.</summary>
/// <remarks>Of the four proper sign combinations of the three axes, two keep the long axis and two flip it, and within
/// each pair the two differ by a half-turn about the long axis; an even number of rolls covers both members, so the starts
/// are the two directions of the long axis times the rolls (an odd roll count adds the half-turn explicitly).</remarks>
internal static class StartPoses
{
    public static SimilarityTransform[] Create(PrincipalAxes moving, PrincipalAxes fixedAxes, int rolls, bool allowScaling)
    {
        double scale = allowScaling && moving.TotalVariance > 0 ? Math.Sqrt(fixedAxes.TotalVariance / moving.TotalVariance) : 1;
        var poses = new List<SimilarityTransform>();
        foreach (double flip in new[] { 1.0, -1.0 })
        {
            var sign = Matrix3d.Diagonal(new Vector3d(flip, 1, flip));
            foreach (double angle in RollAngles(rolls))
            {
                Matrix3d rotation = fixedAxes.Axes * Roll(angle) * sign * moving.Axes.Transpose;
                poses.Add(new SimilarityTransform(rotation, scale, fixedAxes.Centroid - ((rotation * moving.Centroid) * scale)));
            }
        }

        return [.. poses];
    }

    private static IEnumerable<double> RollAngles(int rolls)
    {
        IEnumerable<double> angles = Enumerable.Range(0, rolls).Select(r => 2 * Math.PI * r / rolls);
        return rolls % 2 == 0 ? angles : angles.Concat(angles.Select(a => a + Math.PI));
    }

    private static Matrix3d Roll(double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return new Matrix3d(1, 0, 0, 0, c, -s, 0, s, c);
    }
}
