using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Registration;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Registration;

namespace H3deMl.Trainers.Tests.Registration;

/// <summary>Phantoms, rotated scans and errors for the template registration tests.</summary>
internal static class RegistrationKit
{
    /// <summary>Phantoms whose shapes vary little (±2 % per axis, a small deformation): at the defaults (±7 % per axis) the
    /// shapes differ by more than any similarity transform can undo, and template transfer is off by 1.5–2 mm however well
    /// it registers; these tests are about finding the pose.</summary>
    public static readonly PhantomOptions Phantom = new()
    {
        SizeI = 64, SizeJ = 64, SizeK = 52, SpacingMm = 1.25, CutFieldOfViewProbability = 0, AnatomyScaleJitter = 0.02, DeformationFraction = 0.01,
    };

    public static TemplateRegistrationOptions Options(TemplateRegistrationMethod method = TemplateRegistrationMethod.TemplateMedian) => new()
    {
        Method = method,
        Surface = new BoneSurfaceOptions { Threshold = 300, MaxPoints = 4000 },
    };

    /// <summary>An unseen phantom whose geometry (and landmarks) are rotated by <paramref name="degrees"/> about a
    /// random axis and shifted: the voxels are the same, the world pose is new.</summary>
    public static (Volume Volume, LandmarkSet Landmarks) RotatedPhantom(int seed, double degrees, PhantomOptions? options = null)
    {
        (Volume volume, LandmarkSet landmarks) = PhantomGenerator.Generate(options ?? Phantom, new RandomStream((ulong)seed).Fork("unseen"));
        var random = new Random(seed);
        var axis = new Vector3d(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5);
        Matrix3d rotation = AxisAngle(axis * (1 / axis.Length), degrees * Math.PI / 180);
        var shift = new Vector3d(7, -11, 5);
        VolumeGeometry g = volume.Geometry;
        var geometry = new VolumeGeometry(g.Size, g.SpacingMm, (rotation * g.OriginLps) + shift, rotation * g.Direction);
        var moved = new LandmarkSet(landmarks.Landmarks.Select(l => new Landmark(l.Name, (rotation * l.PositionLps) + shift, l.IsPresent)));
        return (new Volume(volume.Voxels, geometry, volume.OriginalElementType), moved);
    }

    /// <summary>The radial errors (mm) of the landmarks present in <paramref name="truth"/>.</summary>
    public static double[] Errors(LandmarkPrediction prediction, IReadOnlyList<string> names, LandmarkSet truth)
    {
        var errors = new List<double>();
        for (int l = 0; l < names.Count; l++)
        {
            Landmark t = truth.Landmarks.FirstOrDefault(x => x.Name == names[l]);
            if (t.IsPresent)
            {
                var p = new Vector3d(prediction.PredictedLandmarks[3 * l], prediction.PredictedLandmarks[(3 * l) + 1], prediction.PredictedLandmarks[(3 * l) + 2]);
                errors.Add(Vector3d.Distance(p, t.PositionLps));
            }
        }

        return [.. errors];
    }

    private static Matrix3d AxisAngle(Vector3d a, double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle), t = 1 - c;
        return new Matrix3d(
            (t * a.X * a.X) + c, (t * a.X * a.Y) - (s * a.Z), (t * a.X * a.Z) + (s * a.Y),
            (t * a.X * a.Y) + (s * a.Z), (t * a.Y * a.Y) + c, (t * a.Y * a.Z) - (s * a.X),
            (t * a.X * a.Z) - (s * a.Y), (t * a.Y * a.Z) + (s * a.X), (t * a.Z * a.Z) + c);
    }
}
