using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Spatial;

namespace H3deMl.Transforms.Augmentation;

/// <summary>Augmentations as pure functions. Spatial ones update the geometry so that world coordinates — and therefore
/// landmarks — stay valid; what changes is how the anatomy lies in the voxel array the network sees.</summary>
public static class Augmentations
{
    /// <summary>Mirrors the voxel array along the chosen axes, updating the geometry so world positions are unchanged.</summary>
    /// <remarks>For each flipped axis a, voxel index n becomes <c>size_a − 1 − n</c>, direction column a is negated and the
    /// origin moves to the world position of the old last voxel. The determinant of the direction changes sign per flip.</remarks>
    /// <param name="volume">A scalar volume.</param>
    /// <param name="flipI">Mirror along i.</param>
    /// <param name="flipJ">Mirror along j.</param>
    /// <param name="flipK">Mirror along k.</param>
    /// <returns>The flipped volume (the same instance when no axis is flipped).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> is null.</exception>
    /// <exception cref="ArgumentException">The volume has more than one component.</exception>
    public static Volume Flip(Volume volume, bool flipI, bool flipJ, bool flipK)
    {
        ArgumentNullException.ThrowIfNull(volume);
        VolumeResampling.RequireScalar(volume, nameof(volume));
        if (!flipI && !flipJ && !flipK)
        {
            return volume;
        }

        VolumeGeometry g = volume.Geometry;
        VolumeSize s = g.Size;
        var newOriginIndex = new Vector3d(flipI ? s.I - 1 : 0, flipJ ? s.J - 1 : 0, flipK ? s.K - 1 : 0);
        Matrix3d d = g.Direction;
        Matrix3d direction = Matrix3d.FromColumns(
            flipI ? -d.Column(0) : d.Column(0),
            flipJ ? -d.Column(1) : d.Column(1),
            flipK ? -d.Column(2) : d.Column(2));
        var geometry = new VolumeGeometry(s, g.SpacingMm, g.IndexToWorld(newOriginIndex), direction);
        float[] src = volume.Voxels;
        var dst = new float[src.Length];
        Parallel.For(0, s.K, k =>
        {
            int sk = flipK ? s.K - 1 - k : k;
            for (int j = 0; j < s.J; j++)
            {
                int sj = flipJ ? s.J - 1 - j : j;
                var from = src.AsSpan(s.I * (sj + (s.J * sk)), s.I);
                var to = dst.AsSpan(s.I * (j + (s.J * k)), s.I);
                from.CopyTo(to);
                if (flipI)
                {
                    to.Reverse();
                }
            }
        });
        return new Volume(dst, geometry, volume.OriginalElementType, volume.Metadata);
    }

    /// <summary>The array axis (0 = i, 1 = j, 2 = k) closest to the patient's left-right (LPS x) direction.</summary>
    /// <param name="geometry">The grid.</param>
    /// <returns>The axis whose direction column has the largest |x| component.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="geometry"/> is null.</exception>
    public static int LeftRightAxis(VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        Matrix3d d = geometry.Direction;
        int best = 0;
        for (int c = 1; c < 3; c++)
        {
            if (Math.Abs(d[0, c]) > Math.Abs(d[0, best]))
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>Swaps left and right landmark names: a landmark named <c>left + rest</c> takes the name <c>right + rest</c> and
    /// vice versa, when both names exist in the set. Positions, presence and order are kept.</summary>
    /// <remarks>After a left-right mirror the anatomy the network sees on the right is the patient's left; renaming keeps
    /// "R…" on the side where right-hand structures appear. Names without a counterpart are left alone, so a prefix such
    /// as "L" does not rename "Lambda" unless "Rambda" also exists.</remarks>
    /// <param name="landmarks">The landmarks.</param>
    /// <param name="leftPrefixes">Left prefixes, tried in order (e.g. "L_", "L").</param>
    /// <param name="rightPrefixes">The matching right prefixes (e.g. "R_", "R").</param>
    /// <returns>The renamed set.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The prefix lists have different lengths.</exception>
    public static LandmarkSet SwapLeftRightNames(LandmarkSet landmarks, IReadOnlyList<string> leftPrefixes, IReadOnlyList<string> rightPrefixes)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        ArgumentNullException.ThrowIfNull(leftPrefixes);
        ArgumentNullException.ThrowIfNull(rightPrefixes);
        if (leftPrefixes.Count != rightPrefixes.Count)
        {
            throw new ArgumentException("There must be one right prefix per left prefix.", nameof(rightPrefixes));
        }

        var names = new HashSet<string>(landmarks.Names, StringComparer.Ordinal);
        var renamed = new Landmark[landmarks.Count];
        for (int n = 0; n < renamed.Length; n++)
        {
            Landmark l = landmarks[n];
            renamed[n] = l with { Name = Counterpart(l.Name, names, leftPrefixes, rightPrefixes) ?? l.Name };
        }

        // Keep the dataset's order: the landmark now called X goes where X was.
        if (renamed.Select(l => l.Name).Distinct(StringComparer.Ordinal).Count() != renamed.Length)
        {
            return new LandmarkSet(renamed);
        }

        var byName = renamed.ToDictionary(l => l.Name, StringComparer.Ordinal);
        return new LandmarkSet(landmarks.Names.Select(name => byName[name]));
    }

    /// <summary>Rotates the anatomy about the volume's centre: resamples onto a grid whose direction is rotated by
    /// <c>R = Rz(γ)·Ry(β)·Rx(α)</c> about the LPS axes, keeping the centre voxel's world position.</summary>
    /// <param name="volume">A scalar volume.</param>
    /// <param name="anglesDegrees">Rotation angles (α, β, γ) about the LPS x, y and z axes, in degrees.</param>
    /// <param name="paddingValue">The value of voxels taken from outside the volume.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The rotated volume (same size and spacing).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> is null.</exception>
    public static Volume Rotate(Volume volume, Vector3d anglesDegrees, float paddingValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        VolumeGeometry g = volume.Geometry;
        Matrix3d r = RotationMatrix(anglesDegrees);
        Matrix3d direction = r * g.Direction;
        var centreIndex = new Vector3d((g.Size.I - 1) / 2.0, (g.Size.J - 1) / 2.0, (g.Size.K - 1) / 2.0);
        Vector3d centreWorld = g.IndexToWorld(centreIndex);
        Vector3d origin = centreWorld - (direction * Vector3d.Multiply(g.SpacingMm, centreIndex));
        var target = new VolumeGeometry(g.Size, g.SpacingMm, origin, direction);
        return VolumeResampling.ResampleOnto(volume, target, paddingValue, cancellationToken);
    }

    /// <summary>The rotation <c>Rz(γ)·Ry(β)·Rx(α)</c> for angles in degrees.</summary>
    /// <param name="anglesDegrees">(α, β, γ) about x, y and z.</param>
    /// <returns>The orthonormal matrix.</returns>
    public static Matrix3d RotationMatrix(Vector3d anglesDegrees)
    {
        double a = anglesDegrees.X * Math.PI / 180, b = anglesDegrees.Y * Math.PI / 180, c = anglesDegrees.Z * Math.PI / 180;
        var rx = new Matrix3d(1, 0, 0, 0, Math.Cos(a), -Math.Sin(a), 0, Math.Sin(a), Math.Cos(a));
        var ry = new Matrix3d(Math.Cos(b), 0, Math.Sin(b), 0, 1, 0, -Math.Sin(b), 0, Math.Cos(b));
        var rz = new Matrix3d(Math.Cos(c), -Math.Sin(c), 0, Math.Sin(c), Math.Cos(c), 0, 0, 0, 1);
        return rz * ry * rx;
    }

    /// <summary>Scales and shifts intensities: <c>v·scale + shift</c>.</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="scale">The factor.</param>
    /// <param name="shift">The offset, in the volume's units.</param>
    /// <returns>The new volume.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> is null.</exception>
    public static Volume ScaleShift(Volume volume, float scale, float shift)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var output = new float[volume.Voxels.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(volume.Voxels, scale, output);
        System.Numerics.Tensors.TensorPrimitives.Add(output, shift, output);
        return new Volume(output, volume.Geometry, volume.OriginalElementType, volume.Metadata, volume.Components);
    }

    /// <summary>Adds independent Gaussian noise to every voxel, drawn in voxel order from <paramref name="random"/>.</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="standardDeviation">The noise's standard deviation, in the volume's units, ≥ 0.</param>
    /// <param name="random">The stream to draw from.</param>
    /// <returns>The new volume.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="standardDeviation"/> is negative or not finite.</exception>
    public static Volume AddGaussianNoise(Volume volume, double standardDeviation, RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(random);
        if (!(standardDeviation >= 0) || double.IsInfinity(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be finite and ≥ 0.");
        }

        float[] v = volume.Voxels;
        var output = new float[v.Length];
        for (int n = 0; n < v.Length; n++)
        {
            output[n] = v[n] + (float)(standardDeviation * random.NextNormal());
        }

        return new Volume(output, volume.Geometry, volume.OriginalElementType, volume.Metadata, volume.Components);
    }

    private static string? Counterpart(string name, HashSet<string> names, IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        for (int p = 0; p < left.Count; p++)
        {
            if (left[p].Length > 0 && name.StartsWith(left[p], StringComparison.Ordinal))
            {
                string other = right[p] + name[left[p].Length..];
                if (names.Contains(other))
                {
                    return other;
                }
            }

            if (right[p].Length > 0 && name.StartsWith(right[p], StringComparison.Ordinal))
            {
                string other = left[p] + name[right[p].Length..];
                if (names.Contains(other))
                {
                    return other;
                }
            }
        }

        return null;
    }
}
