using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Registration;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Core.Tests.Registration;

/// <summary>Random similarity transforms and phantom bone surfaces for the registration tests.</summary>
internal static class RegistrationTestKit
{
    public static readonly BoneSurfaceOptions PhantomBone = new() { Threshold = 300, MaxPoints = 4000 };

    public static Vector3d[] PhantomSurface(int seed)
    {
        (Volume volume, LandmarkSet _) = PhantomGenerator.Generate(new PhantomOptions { SizeI = 64, SizeJ = 64, SizeK = 52, SpacingMm = 1.2 }, new RandomStream((ulong)seed));
        return BoneSurface.Extract(volume, PhantomBone);
    }

    /// <summary>A rotation by <paramref name="degrees"/> about a random axis, a scale in [0.85, 1.15] and a shift of up to 20 mm.</summary>
    public static SimilarityTransform Random(Random random, double degrees) =>
        new(AxisAngle(RandomUnit(random), degrees * Math.PI / 180), 0.85 + (0.3 * random.NextDouble()),
            new Vector3d(Symmetric(random), Symmetric(random), Symmetric(random)) * 20);

    public static Matrix3d AxisAngle(Vector3d axis, double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle), t = 1 - c;
        (double x, double y, double z) = (axis.X, axis.Y, axis.Z);
        return new Matrix3d(
            (t * x * x) + c, (t * x * y) - (s * z), (t * x * z) + (s * y),
            (t * x * y) + (s * z), (t * y * y) + c, (t * y * z) - (s * x),
            (t * x * z) - (s * y), (t * y * z) + (s * x), (t * z * z) + c);
    }

    /// <summary>The largest distance between where two transforms put the points.</summary>
    public static double MaxDisagreement(SimilarityTransform a, SimilarityTransform b, IEnumerable<Vector3d> points) =>
        points.Max(p => Vector3d.Distance(a.Apply(p), b.Apply(p)));

    private static Vector3d RandomUnit(Random random)
    {
        var v = new Vector3d(Symmetric(random), Symmetric(random), Symmetric(random));
        return v.Length < 1e-3 ? new Vector3d(0, 0, 1) : v * (1 / v.Length);
    }

    private static double Symmetric(Random random) => (2 * random.NextDouble()) - 1;
}
