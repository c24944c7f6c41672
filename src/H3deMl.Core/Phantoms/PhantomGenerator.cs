using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Core.Phantoms;

/// <summary>Generates synthetic skull-like CT phantoms with named landmarks at well-defined features.</summary>
/// <remarks>
/// <para><b>Anatomy</b> (in a canonical frame of about 80 × 80 × 64 units, x to the left, y posterior, z superior): a
/// soft-tissue head, a cranial shell (2.5 units of bone) closed below by a skull-base plate pierced by the foramen magnum,
/// two orbits (fat) cut into the shell, a nasal air cavity, a U-shaped mandible with two rami ending in condyles, and five
/// teeth (central incisor, canines, first molars) on the mandible. Edges are soft (one voxel), noise is Gaussian.</para>
/// <para><b>Variation per case</b>: anatomy size per axis (±7 % by default, <see cref="PhantomOptions.AnatomyScaleJitter"/>), a smooth random deformation (three sine modes per axis),
/// a random rotation and shift of the head in the field of view, random spacing per axis, absent teeth (their landmark is
/// missing, as if occluded) and, sometimes, a field of view that cuts the head (landmarks outside are missing).</para>
/// <para><b>Landmarks</b> (<see cref="LandmarkNames"/>): Nasion (front of the shell on the midline, above the orbits),
/// Vertex (top of the shell), Basion and Opisthion (front and back edges of the foramen magnum), L_/R_Orbit (orbit centres),
/// L_/R_Condyle (top of each ramus), Incisor, L_/R_Canine and L_/R_Molar (tooth tips). They are mapped through the same
/// deformation and pose as the voxels (the deformation is inverted by fixed-point iteration to 1e-9 units), so they sit
/// exactly on the features. World coordinates are LPS millimetres; the volume is axis-aligned and centred on the origin.</para>
/// <para>Deterministic: the same stream gives the same phantom, whatever the number of threads (noise is drawn per slice
/// from a stream forked by the slice index).</para>
/// </remarks>
public static class PhantomGenerator
{
    private const double Background = -1000, Soft = 40, Fat = -100, Air = -900, Bone = 1000, Enamel = 1800;
    private static readonly Vector3d HeadCentre = new(0, 0, 2);
    private static readonly Vector3d HeadSemi = new(33, 36, 28);
    private static readonly Vector3d ShellSemi = new(30, 33, 25);
    private const double ShellThickness = 2.5, BaseZ = -6;
    private static readonly Vector3d ForamenCentre = new(0, 12, BaseZ);
    private const double ForamenRadius = 6;
    private static readonly Vector3d[] Orbits = [new(12, -27, 6), new(-12, -27, 6)];
    private const double OrbitRadius = 6;
    private static readonly Vector3d NasalCentre = new(0, -26, -4);
    private static readonly Vector3d NasalSemi = new(5, 8, 7);
    private const double MandibleRadius = 3, RamusRadius = 2.8;
    private static readonly Vector3d[] Condyles = [new(21, -6, -5), new(-21, -6, -5)];
    private static readonly double[] ToothT = [0, 0.42, -0.42, 0.78, -0.78];
    private static readonly Vector3d ToothSemi = new(2.2, 2.2, 3.2);

    /// <summary>The landmark names, in order.</summary>
    public static IReadOnlyList<string> LandmarkNames { get; } =
        ["Nasion", "Vertex", "Basion", "Opisthion", "L_Orbit", "R_Orbit", "L_Condyle", "R_Condyle", "Incisor", "L_Canine", "R_Canine", "L_Molar", "R_Molar"];

    /// <summary>Generates one phantom.</summary>
    /// <param name="options">The options.</param>
    /// <param name="random">The case's stream (e.g. a fork of the context's stream by case index); it is not advanced:
    /// named forks are drawn from it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The volume and its landmarks (LPS mm).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static (Volume Volume, LandmarkSet Landmarks) Generate(PhantomOptions options, RandomStream random, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        RandomStream pose = random.Fork("pose");
        var size = new VolumeSize(options.SizeI, options.SizeJ, options.SizeK);
        var spacing = new Vector3d(
            options.SpacingMm * (1 + (options.SpacingJitter * Symmetric(pose))),
            options.SpacingMm * (1 + (options.SpacingJitter * Symmetric(pose))),
            options.SpacingMm * (1 + (options.SpacingJitter * Symmetric(pose))));
        Vector3d extent = Vector3d.Multiply(size.ToVector(), spacing);
        double unitMm = Math.Min(Math.Min(extent.X / 80, extent.Y / 80), extent.Z / 64);
        double jitter = options.AnatomyScaleJitter;
        var anatomyScale = new Vector3d(1 + (jitter * Symmetric(pose)), 1 + (jitter * Symmetric(pose)), 1 + (jitter * Symmetric(pose)));
        double maxAngle = options.MaxRotationDegrees * Math.PI / 180;
        Matrix3d rotation = Rotation(maxAngle * Symmetric(pose), maxAngle * Symmetric(pose), maxAngle * Symmetric(pose));
        var shift = new Vector3d(
            extent.X * options.MaxShiftFraction * Symmetric(pose),
            extent.Y * options.MaxShiftFraction * Symmetric(pose),
            extent.Z * options.MaxShiftFraction * Symmetric(pose));
        if (pose.NextDouble() < options.CutFieldOfViewProbability)
        {
            int axis = pose.NextInt(3);
            double cut = extent[axis] * 0.3 * (pose.NextDouble() < 0.5 ? -1 : 1);
            shift += new Vector3d(axis == 0 ? cut : 0, axis == 1 ? cut : 0, axis == 2 ? cut : 0);
        }

        var deformation = new Deformation(random.Fork("deformation"), options.DeformationFraction * 80);
        RandomStream teethStream = random.Fork("teeth");
        bool[] toothPresent = [.. ToothT.Select(_ => teethStream.NextDouble() >= options.MissingToothProbability)];

        var origin = new Vector3d(-(size.I - 1) * spacing.X / 2, -(size.J - 1) * spacing.Y / 2, -(size.K - 1) * spacing.Z / 2);
        var geometry = new VolumeGeometry(size, spacing, origin, Matrix3d.Identity);
        Matrix3d inverseRotation = rotation.Transpose;
        var model = new Model(toothPresent);
        var voxels = new float[size.VoxelCount];
        RandomStream noise = random.Fork("noise");
        double edge = 1.0 / Math.Max(1e-9, unitMm) * Math.Min(spacing.X, Math.Min(spacing.Y, spacing.Z));
        Parallel.For(0, size.K, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            RandomStream sliceNoise = noise.Fork((ulong)k);
            int offset = size.I * size.J * k;
            for (int j = 0; j < size.J; j++)
            {
                for (int i = 0; i < size.I; i++)
                {
                    Vector3d world = geometry.IndexToWorld(new Vector3d(i, j, k));
                    Vector3d p = inverseRotation * (world - shift);
                    p = new Vector3d(p.X / unitMm / anatomyScale.X, p.Y / unitMm / anatomyScale.Y, p.Z / unitMm / anatomyScale.Z);
                    Vector3d q = p + deformation.At(p);
                    double value = model.Value(q, edge);
                    voxels[offset + i + (size.I * j)] = (float)(options.NoiseStdDevHu > 0 ? value + (options.NoiseStdDevHu * sliceNoise.NextNormal()) : value);
                }
            }
        });

        Vector3d[] canonical = model.Landmarks();
        var landmarks = new Landmark[canonical.Length];
        for (int n = 0; n < canonical.Length; n++)
        {
            Vector3d p = deformation.Invert(canonical[n]);
            Vector3d world = (rotation * new Vector3d(p.X * unitMm * anatomyScale.X, p.Y * unitMm * anatomyScale.Y, p.Z * unitMm * anatomyScale.Z)) + shift;
            bool present = model.IsLandmarkPresent(n) && geometry.ContainsWorld(world);
            landmarks[n] = new Landmark(LandmarkNames[n], world, present);
        }

        var metadata = new Dictionary<string, string> { [VolumeMetadataKeys.Description] = "H3deMl synthetic skull phantom" };
        return (new Volume(voxels, geometry, VolumeElementType.Int16, metadata), new LandmarkSet(landmarks));
    }

    private static double Symmetric(RandomStream random) => (2 * random.NextDouble()) - 1;

    private static Matrix3d Rotation(double a, double b, double c)
    {
        var rx = new Matrix3d(1, 0, 0, 0, Math.Cos(a), -Math.Sin(a), 0, Math.Sin(a), Math.Cos(a));
        var ry = new Matrix3d(Math.Cos(b), 0, Math.Sin(b), 0, 1, 0, -Math.Sin(b), 0, Math.Cos(b));
        var rz = new Matrix3d(Math.Cos(c), -Math.Sin(c), 0, Math.Sin(c), Math.Cos(c), 0, 0, 0, 1);
        return rz * ry * rx;
    }

    private static Vector3d MandiblePoint(double t) => new(19 * t, -28 + (15 * t * t), -16);

    private static double SegmentDistance(Vector3d p, Vector3d a, Vector3d b)
    {
        Vector3d ab = b - a;
        double t = Math.Clamp(Vector3d.Dot(p - a, ab) / Vector3d.Dot(ab, ab), 0, 1);
        return (p - (a + (ab * t))).Length;
    }

    private static double EllipsoidDistance(Vector3d p, Vector3d centre, Vector3d semi)
    {
        Vector3d d = Vector3d.Divide(p - centre, semi);
        return (d.Length - 1) * Math.Min(semi.X, Math.Min(semi.Y, semi.Z));
    }

    /// <summary>Weight of "inside" for a signed distance (negative inside), with a linear ramp one edge wide.</summary>
    private static double Inside(double signedDistance, double edge) => Math.Clamp(0.5 - (signedDistance / edge), 0, 1);

    private static double Mix(double value, double material, double weight) => value + ((material - value) * weight);

    /// <summary>The canonical anatomy: intensity at a point and the landmark positions.</summary>
    private sealed class Model(bool[] toothPresent)
    {
        public double Value(Vector3d q, double edge)
        {
            double head = EllipsoidDistance(q, HeadCentre, HeadSemi);
            if (head > edge)
            {
                return Background;
            }

            double v = Mix(Background, Soft, Inside(head, edge));
            double reach = edge + 1;
            if (Math.Abs(q.X - NasalCentre.X) < NasalSemi.X + reach && Math.Abs(q.Y - NasalCentre.Y) < NasalSemi.Y + reach && Math.Abs(q.Z - NasalCentre.Z) < NasalSemi.Z + reach)
            {
                v = Mix(v, Air, Inside(EllipsoidDistance(q, NasalCentre, NasalSemi), edge));
            }

            // Cranial shell above the skull base, and the base plate with the foramen magnum.
            Vector3d rel = Vector3d.Divide(q - HeadCentre, ShellSemi);
            double shell = (Math.Abs(rel.Length - 1) * 28) - (ShellThickness / 2);
            if (shell < edge)
            {
                double above = Math.Clamp(((q.Z - BaseZ) / edge) + 0.5, 0, 1);
                v = Mix(v, Bone, Inside(shell, edge) * above);
            }

            double plateThickness = Math.Abs(q.Z - BaseZ) - (ShellThickness / 2);
            if (plateThickness < edge)
            {
                double withinOutline = Math.Sqrt((q.X / ShellSemi.X * q.X / ShellSemi.X) + (q.Y / ShellSemi.Y * q.Y / ShellSemi.Y)) - 1;
                double foramen = new Vector3d(q.X - ForamenCentre.X, q.Y - ForamenCentre.Y, 0).Length - ForamenRadius;
                v = Mix(v, Bone, Inside(plateThickness, edge) * Inside(withinOutline * 28, edge) * (1 - Inside(foramen, edge)));
            }

            foreach (Vector3d orbit in Orbits)
            {
                double d = (q - orbit).Length - OrbitRadius;
                if (d < edge)
                {
                    v = Mix(v, Fat, Inside(d, edge));
                }
            }

            // Mandible: a U-shaped bar, two rami to the condyles, and teeth on top (inside a bounding box only).
            if (q.Z < 2 && q.Z > -16 - MandibleRadius - reach && Math.Abs(q.X) < 21 + RamusRadius + reach && q.Y < -6 + RamusRadius + reach && q.Y > -28 - MandibleRadius - reach)
            {
                double bar = double.PositiveInfinity;
                if (q.Z < -16 + MandibleRadius + reach)
                {
                    for (int s = 0; s < 8; s++)
                    {
                        double t0 = -1 + (s * 0.25), t1 = t0 + 0.25;
                        bar = Math.Min(bar, SegmentDistance(q, MandiblePoint(t0), MandiblePoint(t1)));
                    }

                    v = Mix(v, Bone, Inside(bar - MandibleRadius, edge));
                }

                if (Math.Abs(q.X) > 15)
                {
                    v = Mix(v, Bone, Inside(SegmentDistance(q, MandiblePoint(1), Condyles[0]) - RamusRadius, edge));
                    v = Mix(v, Bone, Inside(SegmentDistance(q, MandiblePoint(-1), Condyles[1]) - RamusRadius, edge));
                }

                for (int t = 0; t < ToothT.Length; t++)
                {
                    Vector3d c = ToothCentre(t);
                    if (toothPresent[t] && Math.Abs(q.X - c.X) < ToothSemi.X + reach && Math.Abs(q.Y - c.Y) < ToothSemi.Y + reach && Math.Abs(q.Z - c.Z) < ToothSemi.Z + reach)
                    {
                        v = Mix(v, Enamel, Inside(EllipsoidDistance(q, c, ToothSemi), edge));
                    }
                }
            }

            return v;
        }

        public Vector3d[] Landmarks()
        {
            Vector3d outer = ShellSemi + new Vector3d(ShellThickness / 2, ShellThickness / 2, ShellThickness / 2);
            double nasionZ = 8 - HeadCentre.Z;
            double nasionY = -outer.Y * Math.Sqrt(1 - (nasionZ * nasionZ / (outer.Z * outer.Z)));
            Vector3d tip = new(0, 0, ToothSemi.Z);
            return
            [
                new Vector3d(0, nasionY, 8),
                HeadCentre + new Vector3d(0, 0, outer.Z),
                ForamenCentre - new Vector3d(0, ForamenRadius, 0),
                ForamenCentre + new Vector3d(0, ForamenRadius, 0),
                Orbits[0],
                Orbits[1],
                Condyles[0],
                Condyles[1],
                ToothCentre(0) + tip,
                ToothCentre(1) + tip,
                ToothCentre(2) + tip,
                ToothCentre(3) + tip,
                ToothCentre(4) + tip,
            ];
        }

        public bool IsLandmarkPresent(int landmark) => landmark < 8 || toothPresent[landmark - 8];

        private static Vector3d ToothCentre(int t) => MandiblePoint(ToothT[t]) + new Vector3d(0, 0, MandibleRadius + ToothSemi.Z - 1);
    }

    /// <summary>A smooth displacement field: three sine modes per axis with random wave vectors (wavelength ~50–90 units).</summary>
    private sealed class Deformation
    {
        private readonly Vector3d[] _waves = new Vector3d[3];
        private readonly double[] _phases = new double[9];
        private readonly double[] _amplitudes = new double[9];

        public Deformation(RandomStream random, double amplitude)
        {
            for (int m = 0; m < 3; m++)
            {
                double length = 50 + (40 * random.NextDouble());
                var direction = new Vector3d(Symmetric(random), Symmetric(random), Symmetric(random));
                direction = direction.Length < 1e-6 ? new Vector3d(1, 0, 0) : direction * (1 / direction.Length);
                _waves[m] = direction * (2 * Math.PI / length);
            }

            for (int n = 0; n < 9; n++)
            {
                _phases[n] = 2 * Math.PI * random.NextDouble();
                _amplitudes[n] = amplitude * Symmetric(random) / 3;
            }
        }

        public Vector3d At(Vector3d p)
        {
            double x = 0, y = 0, z = 0;
            for (int m = 0; m < 3; m++)
            {
                double phase = Vector3d.Dot(_waves[m], p);
                x += _amplitudes[(m * 3) + 0] * Math.Sin(phase + _phases[(m * 3) + 0]);
                y += _amplitudes[(m * 3) + 1] * Math.Sin(phase + _phases[(m * 3) + 1]);
                z += _amplitudes[(m * 3) + 2] * Math.Sin(phase + _phases[(m * 3) + 2]);
            }

            return new Vector3d(x, y, z);
        }

        /// <summary>The point p with p + d(p) = q (fixed-point iteration; d is a contraction for the amplitudes allowed).</summary>
        public Vector3d Invert(Vector3d q)
        {
            Vector3d p = q;
            for (int iteration = 0; iteration < 200; iteration++)
            {
                Vector3d next = q - At(p);
                if ((next - p).Length < 1e-12)
                {
                    return next;
                }

                p = next;
            }

            return p;
        }
    }
}
