using System.Numerics.Tensors;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Registration;

/// <summary>The bone surface of a scan as a point cloud: voxels at or above a threshold with a 6-neighbour below it,
/// at their world LPS positions in millimetres.</summary>
public static class BoneSurface
{
    /// <summary>The surface points of <paramref name="volume"/>.</summary>
    /// <param name="volume">A single-component scan.</param>
    /// <param name="options">The threshold and the point budget; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>At most <see cref="BoneSurfaceOptions.MaxPoints"/> points, world LPS mm, in voxel order (empty when no
    /// voxel is on a surface).</returns>
    /// <exception cref="ArgumentException">The volume has more than one component.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static Vector3d[] Extract(Volume volume, BoneSurfaceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        options ??= new BoneSurfaceOptions();
        options.Validate();
        if (volume.Components != 1)
        {
            throw new ArgumentException($"Bone surfaces need a single-component scan; this one has {volume.Components}.", nameof(volume));
        }

        float threshold = (float)Threshold(volume, options);
        int[] surface = SurfaceVoxels(volume.Voxels, volume.Size, threshold, cancellationToken);
        return ToWorld(Subsample(surface, options.MaxPoints), volume.Geometry);
    }

    /// <summary>The threshold <see cref="Extract"/> uses: the fixed one, or Otsu's.</summary>
    /// <param name="volume">A single-component scan.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <returns>The intensity at or above which a voxel is bone.</returns>
    public static double Threshold(Volume volume, BoneSurfaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return options?.Threshold ?? OtsuThreshold.Of(volume.Voxels);
    }

    private static int[] SurfaceVoxels(float[] voxels, VolumeSize size, float threshold, CancellationToken cancellationToken)
    {
        var perSlice = new List<int>[size.K];
        Parallel.For(0, size.K, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            var found = new List<int>();
            for (int j = 0; j < size.J; j++)
            {
                int row = size.I * (j + (size.J * k));
                if (TensorPrimitives.Max(voxels.AsSpan(row, size.I)) >= threshold)
                {
                    ScanLine(voxels, size, threshold, j, k, row, found);
                }
            }

            perSlice[k] = found;
        });
        return [.. perSlice.SelectMany(s => s)];
    }

    private static void ScanLine(float[] voxels, VolumeSize size, float threshold, int j, int k, int row, List<int> found)
    {
        int sliceStride = size.I * size.J;
        ReadOnlySpan<float> centre = voxels.AsSpan(row, size.I);
        ReadOnlySpan<float> before = j > 0 ? voxels.AsSpan(row - size.I, size.I) : default;
        ReadOnlySpan<float> after = j < size.J - 1 ? voxels.AsSpan(row + size.I, size.I) : default;
        ReadOnlySpan<float> below = k > 0 ? voxels.AsSpan(row - sliceStride, size.I) : default;
        ReadOnlySpan<float> above = k < size.K - 1 ? voxels.AsSpan(row + sliceStride, size.I) : default;
        for (int i = 0; i < centre.Length; i++)
        {
            if (centre[i] < threshold)
            {
                continue;
            }

            bool onSurface = (i > 0 && centre[i - 1] < threshold) || (i < centre.Length - 1 && centre[i + 1] < threshold)
                || Below(before, i, threshold) || Below(after, i, threshold) || Below(below, i, threshold) || Below(above, i, threshold);
            if (onSurface)
            {
                found.Add(row + i);
            }
        }
    }

    /// <summary>Whether the neighbour row holds a voxel below the threshold at i (no row: outside the scan, not below).</summary>
    private static bool Below(ReadOnlySpan<float> neighbours, int i, float threshold) => !neighbours.IsEmpty && neighbours[i] < threshold;

    private static int[] Subsample(int[] surface, int maxPoints)
    {
        if (surface.Length <= maxPoints)
        {
            return surface;
        }

        var kept = new int[maxPoints];
        for (int s = 0; s < maxPoints; s++)
        {
            kept[s] = surface[(int)((long)s * surface.Length / maxPoints)];
        }

        return kept;
    }

    private static Vector3d[] ToWorld(int[] linear, VolumeGeometry geometry)
    {
        int ni = geometry.Size.I, nij = geometry.Size.I * geometry.Size.J;
        var points = new Vector3d[linear.Length];
        for (int n = 0; n < linear.Length; n++)
        {
            int index = linear[n];
            int k = index / nij, rest = index - (k * nij), j = rest / ni, i = rest - (j * ni);
            points[n] = geometry.IndexToWorld(new Vector3d(i, j, k));
        }

        return points;
    }
}
