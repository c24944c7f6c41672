using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Transforms.Spatial;

/// <summary>Resamples volumes onto another voxel grid with trilinear interpolation, keeping world coordinates exact.</summary>
/// <remarks>
/// <para>Every output voxel centre t is mapped through world space to a continuous source index,
/// <c>s = source.WorldToIndex(target.IndexToWorld(t))</c>, which is affine: <c>s = b + M·t</c>. The value is the trilinear
/// interpolation of the 8 source voxels around s; neighbours outside the source take <c>paddingValue</c>, so the output
/// fades into the padding over one voxel at the border, as ITK's linear interpolator with a default pixel value does.</para>
/// <para>Work is split by output slices (k); each output voxel has one writer, so the result does not depend on the thread count.</para>
/// </remarks>
public static class VolumeResampling
{
    /// <summary>Resamples a scalar volume onto a target grid.</summary>
    /// <param name="source">The scalar volume to sample.</param>
    /// <param name="target">The output grid (any size, spacing, origin and direction).</param>
    /// <param name="paddingValue">The value of voxels outside the source.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A new volume on <paramref name="target"/> (metadata and original element type kept).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The source has more than one component.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public static Volume ResampleOnto(Volume source, VolumeGeometry target, float paddingValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        RequireScalar(source, nameof(source));
        VolumeGeometry g = source.Geometry;
        Vector3d b = g.WorldToIndex(target.OriginLps);
        Vector3d c0 = g.WorldToIndex(target.IndexToWorld(new Vector3d(1, 0, 0))) - b;
        Vector3d c1 = g.WorldToIndex(target.IndexToWorld(new Vector3d(0, 1, 0))) - b;
        Vector3d c2 = g.WorldToIndex(target.IndexToWorld(new Vector3d(0, 0, 1))) - b;
        VolumeSize ts = target.Size;
        var output = new float[ts.VoxelCount];
        var sampler = new TrilinearSampler(source.Voxels, g.Size, paddingValue);
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, ts.K, options, k =>
        {
            Span<float> slice = output.AsSpan((int)((long)ts.I * ts.J * k), ts.I * ts.J);
            for (int j = 0; j < ts.J; j++)
            {
                Vector3d rowStart = b + (c1 * j) + (c2 * k);
                Span<float> line = slice.Slice(j * ts.I, ts.I);
                for (int i = 0; i < line.Length; i++)
                {
                    line[i] = sampler.Sample(rowStart.X + (c0.X * i), rowStart.Y + (c0.Y * i), rowStart.Z + (c0.Z * i));
                }
            }
        });
        return new Volume(output, target, source.OriginalElementType, source.Metadata);
    }

    /// <summary>Copies an axis-aligned box of a scalar volume (no interpolation), padding where the box leaves the volume.</summary>
    /// <param name="source">The scalar volume.</param>
    /// <param name="start">The index of the box's first voxel in the source; may be negative.</param>
    /// <param name="size">The box size.</param>
    /// <param name="paddingValue">The value of voxels outside the source.</param>
    /// <returns>The cropped volume, with geometry <c>source.Geometry.Crop(start, size)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException">The source has more than one component.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static Volume CropOrPad(Volume source, (int I, int J, int K) start, VolumeSize size, float paddingValue)
    {
        ArgumentNullException.ThrowIfNull(source);
        RequireScalar(source, nameof(source));
        VolumeGeometry geometry = source.Geometry.Crop(start, size);
        VolumeSize s = source.Size;
        var output = new float[size.VoxelCount];
        output.AsSpan().Fill(paddingValue);
        int i0 = Math.Max(0, -start.I), i1 = Math.Min(size.I, s.I - start.I);
        if (i1 > i0)
        {
            for (int k = 0; k < size.K; k++)
            {
                int sk = k + start.K;
                if ((uint)sk >= (uint)s.K)
                {
                    continue;
                }

                for (int j = 0; j < size.J; j++)
                {
                    int sj = j + start.J;
                    if ((uint)sj >= (uint)s.J)
                    {
                        continue;
                    }

                    long src = ((long)s.I * (sj + ((long)s.J * sk))) + start.I;
                    long dst = (long)size.I * (j + ((long)size.J * k));
                    source.Voxels.AsSpan((int)(src + i0), i1 - i0).CopyTo(output.AsSpan((int)(dst + i0), i1 - i0));
                }
            }
        }

        return new Volume(output, geometry, source.OriginalElementType, source.Metadata);
    }

    internal static void RequireScalar(Volume volume, string paramName)
    {
        if (volume.Components != 1)
        {
            throw new ArgumentException($"The volume has {volume.Components} components per voxel; spatial transforms work on scalar volumes only.", paramName);
        }
    }
}
