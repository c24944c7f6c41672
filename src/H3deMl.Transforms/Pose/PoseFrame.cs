using H3deMl.Core.Geometry;
using H3deMl.Core.Registration;

namespace H3deMl.Transforms.Pose;

/// <summary>The reference frame scans are normalised into: the reference scan's bone surface (the template each scan is
/// registered to) and a grid aligned with its principal axes that covers the bone with a margin.</summary>
/// <param name="Template">The reference bone surface, world mm of the reference scan.</param>
/// <param name="Centroid">The centroid of the template.</param>
/// <param name="Axes">The template's principal axes as the columns of a proper rotation (long axis first).</param>
/// <param name="GridOrigin">The grid's first voxel centre in the principal frame, mm.</param>
/// <param name="GridSize">The grid's size in voxels.</param>
/// <param name="SpacingMm">The grid's isotropic spacing in the reference frame, mm.</param>
internal sealed record PoseFrame(Vector3d[] Template, Vector3d Centroid, Matrix3d Axes, Vector3d GridOrigin, VolumeSize GridSize, double SpacingMm)
{
    /// <summary>Grids are at most this many voxels per axis.</summary>
    public const int MaxGridSize = 2048;

    /// <summary>The frame of a reference surface.</summary>
    public static PoseFrame Of(Vector3d[] template, double spacingMm, double marginFraction)
    {
        PrincipalAxes axes = PrincipalAxes.Of(template);
        Vector3d min = new(double.MaxValue, double.MaxValue, double.MaxValue), max = -min;
        foreach (Vector3d p in template)
        {
            Vector3d q = axes.Axes.Transpose * (p - axes.Centroid);
            min = new(Math.Min(min.X, q.X), Math.Min(min.Y, q.Y), Math.Min(min.Z, q.Z));
            max = new(Math.Max(max.X, q.X), Math.Max(max.Y, q.Y), Math.Max(max.Z, q.Z));
        }

        Vector3d margin = (max - min) * marginFraction;
        Vector3d origin = min - margin, extent = (max - min) + (margin * 2);
        var size = new VolumeSize(Cells(extent.X, spacingMm), Cells(extent.Y, spacingMm), Cells(extent.Z, spacingMm));
        return new PoseFrame(template, axes.Centroid, axes.Axes, origin, size, spacingMm);
    }

    /// <summary>The normalised grid of a scan whose surface <paramref name="scanToTemplate"/> maps onto the template, in the
    /// scan's own world coordinates: voxel centres land on the reference grid once mapped, so every scan's anatomy sits
    /// the same way in its grid, while world positions (and landmarks) stay those of the scan.</summary>
    public VolumeGeometry GridFor(SimilarityTransform scanToTemplate)
    {
        SimilarityTransform templateToScan = scanToTemplate.Inverse();
        Vector3d originWorld = templateToScan.Apply(Centroid + (Axes * GridOrigin));
        Matrix3d direction = templateToScan.Rotation * Axes;
        double spacing = SpacingMm * templateToScan.Scale;
        return new VolumeGeometry(GridSize, new Vector3d(spacing, spacing, spacing), originWorld, direction);
    }

    private static int Cells(double extentMm, double spacingMm)
    {
        double cells = Math.Ceiling(extentMm / spacingMm) + 1;
        return cells is >= 1 and <= MaxGridSize
            ? (int)cells
            : throw new ArgumentOutOfRangeException(nameof(spacingMm), spacingMm, $"A normalised grid of {extentMm:F1} mm at {spacingMm} mm would need {cells} voxels per axis (at most {MaxGridSize}); choose a coarser SpacingMm.");
    }
}
