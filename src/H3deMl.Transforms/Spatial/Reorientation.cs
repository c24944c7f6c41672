using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Transforms.Spatial;

/// <summary>Permutes and mirrors the voxel axes so that they point (as nearly as possible) along a canonical orientation.
/// No interpolation: voxels are moved, and the geometry is updated so every world position is unchanged.</summary>
public static class Reorientation
{
    /// <summary>Reorients a scalar volume.</summary>
    /// <remarks>For each world axis w (in order x, y, z of LPS) the voxel axis whose direction column has the largest
    /// remaining |component w| is chosen, then mirrored if its sign disagrees with the target (+ for LPS, −,−,+ for RAS).
    /// Oblique directions stay oblique (only the axis order and signs change).</remarks>
    /// <param name="volume">The volume.</param>
    /// <param name="orientation">The target orientation.</param>
    /// <returns>The reoriented volume (the same instance when it is already canonical).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> is null.</exception>
    /// <exception cref="ArgumentException">The volume has more than one component.</exception>
    public static Volume ToCanonical(Volume volume, CanonicalOrientation orientation)
    {
        ArgumentNullException.ThrowIfNull(volume);
        VolumeResampling.RequireScalar(volume, nameof(volume));
        VolumeGeometry g = volume.Geometry;
        Matrix3d d = g.Direction;
        double[] targetSign = orientation == CanonicalOrientation.Ras ? [-1, -1, 1] : [1, 1, 1];
        var axisFor = new int[3];
        var flip = new bool[3];
        var used = new bool[3];
        for (int w = 0; w < 3; w++)
        {
            int best = -1;
            for (int c = 0; c < 3; c++)
            {
                if (!used[c] && (best < 0 || Math.Abs(d[w, c]) > Math.Abs(d[w, best])))
                {
                    best = c;
                }
            }

            used[best] = true;
            axisFor[w] = best;
            flip[w] = Math.Sign(d[w, best]) != Math.Sign(targetSign[w]);
        }

        if (axisFor is [0, 1, 2] && !flip[0] && !flip[1] && !flip[2])
        {
            return volume;
        }

        VolumeSize s = g.Size;
        var newSize = new VolumeSize(s[axisFor[0]], s[axisFor[1]], s[axisFor[2]]);
        var spacing = new Vector3d(g.SpacingMm[axisFor[0]], g.SpacingMm[axisFor[1]], g.SpacingMm[axisFor[2]]);
        Vector3d Col(int a) => flip[a] ? -d.Column(axisFor[a]) : d.Column(axisFor[a]);
        Matrix3d direction = Matrix3d.FromColumns(Col(0), Col(1), Col(2));

        // Old index of new voxel n: old[axisFor[a]] = flip[a] ? size − 1 − n[a] : n[a].
        var originOld = new double[3];
        for (int a = 0; a < 3; a++)
        {
            originOld[axisFor[a]] = flip[a] ? s[axisFor[a]] - 1 : 0;
        }

        var geometry = new VolumeGeometry(newSize, spacing, g.IndexToWorld(new Vector3d(originOld[0], originOld[1], originOld[2])), direction);
        long[] oldStride = [1, s.I, (long)s.I * s.J];
        long[] step = new long[3];
        long baseOffset = 0;
        for (int a = 0; a < 3; a++)
        {
            step[a] = flip[a] ? -oldStride[axisFor[a]] : oldStride[axisFor[a]];
            baseOffset += flip[a] ? (s[axisFor[a]] - 1) * oldStride[axisFor[a]] : 0;
        }

        float[] src = volume.Voxels;
        var dst = new float[src.Length];
        Parallel.For(0, newSize.K, k =>
        {
            long n = (long)newSize.I * newSize.J * k;
            for (int j = 0; j < newSize.J; j++)
            {
                long o = baseOffset + (step[2] * k) + (step[1] * j);
                for (int i = 0; i < newSize.I; i++, o += step[0])
                {
                    dst[n++] = src[o];
                }
            }
        });
        return new Volume(dst, geometry, volume.OriginalElementType, volume.Metadata);
    }
}
