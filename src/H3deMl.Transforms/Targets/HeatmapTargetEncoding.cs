using H3deMl.Core.Geometry;
using H3deMl.Tensors;

namespace H3deMl.Transforms.Targets;

/// <summary>Builds heatmap targets: one channel per landmark over the crop grid, computed only inside each landmark's
/// neighbourhood (the rest is the background value, written with one vectorised fill).</summary>
/// <remarks>
/// <para><b>Layout.</b> A float tensor (N, A0, A1, A2) = (N, I, J, K), row-major (k fastest), the same spatial order as
/// the network input (<see cref="Conversion.VolumeTensor"/>): element <c>[n, i, j, k]</c> is at <c>((n·I + i)·J + j)·K + k</c>.</para>
/// <para><b>Values</b> at integer voxel (i, j, k) for landmark g (continuous index), with d the distance in voxels (or in
/// millimetres through the spacing when the radius or σ is given in mm):
/// <see cref="HeatmapShape.Reference"/>: <c>2·exp(−d²/(0.2R²))</c> for d ≤ R, −1 elsewhere and for a missing landmark;
/// <see cref="HeatmapShape.Gaussian"/>: <c>exp(−d²/(2σ²))</c> for d ≤ 4σ, 0 elsewhere and for a missing landmark.</para>
/// </remarks>
public static class HeatmapTargetEncoding
{
    /// <summary>Encodes the targets of one crop.</summary>
    /// <param name="size">The crop's size (I, J, K).</param>
    /// <param name="spacingMm">The crop's spacing (used only for radii in mm).</param>
    /// <param name="indicesIjk">Each landmark's continuous index in the crop grid.</param>
    /// <param name="isPresent">Each landmark's presence.</param>
    /// <param name="options">The options (validated).</param>
    /// <returns>The tensor (N, I, J, K).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The spans have different lengths.</exception>
    public static Tensor Encode(VolumeSize size, Vector3d spacingMm, ReadOnlySpan<Vector3d> indicesIjk, ReadOnlySpan<bool> isPresent, HeatmapTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (indicesIjk.Length != isPresent.Length)
        {
            throw new ArgumentException("There must be one presence flag per landmark.", nameof(isPresent));
        }

        int n = indicesIjk.Length;
        bool reference = options.Shape == HeatmapShape.Reference;
        double? lengthMm = reference ? options.RadiusMm : options.SigmaMm;
        Vector3d scale = lengthMm is null ? Vector3d.One : spacingMm;
        double length = lengthMm ?? (reference ? options.RadiusVoxels : options.SigmaVoxels);
        double reach = reference ? length : 4 * length;
        float background = reference ? -1f : 0f;
        var data = new float[(long)n * size.VoxelCount];
        data.AsSpan().Fill(background);
        long channel = size.VoxelCount;
        Vector3d[] indices = indicesIjk.ToArray();
        bool[] present = isPresent.ToArray();
        Parallel.For(0, n, l =>
        {
            if (!present[l] || !indices[l].IsFinite)
            {
                return;
            }

            Vector3d g = indices[l];
            int i0 = Math.Max(0, (int)Math.Ceiling(g.X - (reach / scale.X))), i1 = Math.Min(size.I - 1, (int)Math.Floor(g.X + (reach / scale.X)));
            int j0 = Math.Max(0, (int)Math.Ceiling(g.Y - (reach / scale.Y))), j1 = Math.Min(size.J - 1, (int)Math.Floor(g.Y + (reach / scale.Y)));
            int k0 = Math.Max(0, (int)Math.Ceiling(g.Z - (reach / scale.Z))), k1 = Math.Min(size.K - 1, (int)Math.Floor(g.Z + (reach / scale.Z)));
            double reach2 = reach * reach;
            double inverse = reference ? 1 / (0.2 * length * length) : 1 / (2 * length * length);
            double peak = reference ? 2 : 1;
            Span<float> plane = data.AsSpan((int)(l * channel), (int)channel);
            for (int i = i0; i <= i1; i++)
            {
                double di = (i - g.X) * scale.X;
                for (int j = j0; j <= j1; j++)
                {
                    double dj = (j - g.Y) * scale.Y;
                    double dij = (di * di) + (dj * dj);
                    if (dij > reach2)
                    {
                        continue;
                    }

                    int row = ((i * size.J) + j) * size.K;
                    for (int k = k0; k <= k1; k++)
                    {
                        double dk = (k - g.Z) * scale.Z;
                        double d2 = dij + (dk * dk);
                        if (d2 <= reach2)
                        {
                            plane[row + k] = (float)(peak * Math.Exp(-d2 * inverse));
                        }
                    }
                }
            }
        });
        return Tensor.Wrap(data, n, size.I, size.J, size.K);
    }
}
