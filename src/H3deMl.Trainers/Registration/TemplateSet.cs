using H3deMl.Core.Geometry;
using H3deMl.Core.Registration;

namespace H3deMl.Trainers.Registration;

/// <summary>A model's templates (the first is the reference) and what they predict for a scan's bone surface.</summary>
internal sealed class TemplateSet
{
    public TemplateSet(IReadOnlyList<RegistrationTemplate> templates, int landmarkCount)
    {
        Templates = templates;
        LandmarkCount = landmarkCount;
        MeanShape = ComputeMeanShape();
    }

    public IReadOnlyList<RegistrationTemplate> Templates { get; }

    public int LandmarkCount { get; }

    public RegistrationTemplate Reference => Templates[0];

    /// <summary>The mean of each landmark over the templates that have it, in the reference frame (NaN when none has it).</summary>
    public Vector3d[] MeanShape { get; }

    /// <summary>The fraction of templates that have each landmark.</summary>
    public double Fraction(int landmark) => Templates.Count(t => t.Has(landmark)) / (double)Templates.Count;

    /// <summary>Each landmark on the scan: the median over the templates, each registered to the scan from the
    /// reference's pose (a single ICP run).</summary>
    public Vector3d[] TransferMedian(PointCloudIndex scan, SimilarityTransform referenceToScan, SurfaceRegistrationOptions options, CancellationToken cancellationToken)
    {
        var transferred = new Vector3d[Templates.Count][];
        Parallel.For(0, Templates.Count, new ParallelOptions { CancellationToken = cancellationToken }, t =>
        {
            RegistrationTemplate template = Templates[t];
            SimilarityTransform pose = SurfaceRegistration.Icp(template.Surface, scan, template.ToReference.Then(referenceToScan), options).Transform;
            transferred[t] = [.. template.Landmarks.Select(l => l.IsFinite ? pose.Apply(l) : l)];
        });
        return [.. Enumerable.Range(0, LandmarkCount).Select(l => Median(transferred.Select(points => points[l]).Where(p => p.IsFinite).ToArray()))];
    }

    /// <summary>The mean shape mapped onto the scan.</summary>
    public Vector3d[] TransferMeanShape(SimilarityTransform referenceToScan) =>
        [.. MeanShape.Select(p => p.IsFinite ? referenceToScan.Apply(p) : p)];

    private Vector3d[] ComputeMeanShape()
    {
        var mean = new Vector3d[LandmarkCount];
        for (int l = 0; l < LandmarkCount; l++)
        {
            Vector3d[] inReference = [.. Templates.Where(t => t.Has(l)).Select(t => t.ToReference.Apply(t.Landmarks[l]))];
            mean[l] = inReference.Length == 0
                ? new Vector3d(double.NaN, double.NaN, double.NaN)
                : inReference.Aggregate(Vector3d.Zero, (a, b) => a + b) * (1.0 / inReference.Length);
        }

        return mean;
    }

    private static Vector3d Median(Vector3d[] points) =>
        points.Length == 0
            ? new Vector3d(double.NaN, double.NaN, double.NaN)
            : new Vector3d(Median(points.Select(p => p.X)), Median(points.Select(p => p.Y)), Median(points.Select(p => p.Z)));

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
