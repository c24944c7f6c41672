using H3deMl.Core.Geometry;
using H3deMl.Tensors;

namespace H3deMl.Transforms.Targets;

/// <summary>Builds anchor-head targets (H3DE-NET.md §3.1): for each present landmark and anchor radius, the grid cells within
/// the radius on every axis, and their offset targets. Only the cells around each landmark are visited.</summary>
/// <remarks>
/// With stride s and landmark g (continuous crop index), <c>u = g / s</c>; cell c (integer, cell-corner grid: cell c sits at
/// voxel s·c, no +0.5) is positive for radius r when <c>|u − c| &lt; r</c> on every axis (strict: a Chebyshev cube;
/// r = 0.5 gives no cell when a fractional part is exactly .5), with 0 ≤ c &lt; G. Its offset target is
/// <c>t = (u − c) / r</c>. Decoding is <c>g = s·(c + tanh(offset)·r)</c>. A landmark that is missing or outside the crop
/// has no positive and <c>Present = 0</c>. See <see cref="AnchorTargets"/> for the tensor layout.
/// </remarks>
public static class AnchorTargetEncoding
{
    /// <summary>The grid size for a crop: <c>ceil(size / stride)</c> per axis.</summary>
    /// <param name="size">The crop size.</param>
    /// <param name="strideVoxels">The stride, ≥ 1.</param>
    /// <returns>(G0, G1, G2).</returns>
    public static VolumeSize GridSize(VolumeSize size, int strideVoxels) =>
        new((size.I + strideVoxels - 1) / strideVoxels, (size.J + strideVoxels - 1) / strideVoxels, (size.K + strideVoxels - 1) / strideVoxels);

    /// <summary>Encodes the targets of one crop.</summary>
    /// <param name="size">The crop's size.</param>
    /// <param name="indicesIjk">Each landmark's continuous index in the crop grid.</param>
    /// <param name="isPresent">Each landmark's presence; a present landmark outside the crop is treated as missing.</param>
    /// <param name="options">The options (validated).</param>
    /// <returns>The targets.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The spans have different lengths.</exception>
    public static AnchorTargets Encode(VolumeSize size, ReadOnlySpan<Vector3d> indicesIjk, ReadOnlySpan<bool> isPresent, AnchorTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (indicesIjk.Length != isPresent.Length)
        {
            throw new ArgumentException("There must be one presence flag per landmark.", nameof(isPresent));
        }

        int n = indicesIjk.Length, anchors = options.RadiiCells.Count, stride = options.StrideVoxels;
        VolumeSize grid = GridSize(size, stride);
        long cells = grid.VoxelCount;
        var classification = new float[anchors * n * cells];
        var present = new float[n];
        var rows = new List<int>();
        var offsets = new List<float>();
        for (int a = 0; a < anchors; a++)
        {
            double r = options.RadiiCells[a];
            for (int l = 0; l < n; l++)
            {
                Vector3d g = indicesIjk[l];
                bool inside = isPresent[l] && size.ContainsIndex(g);
                if (!inside)
                {
                    continue;
                }

                present[l] = 1;
                double u0 = g.X / stride, u1 = g.Y / stride, u2 = g.Z / stride;
                (int lo0, int hi0) = Range(u0, r, grid.I);
                (int lo1, int hi1) = Range(u1, r, grid.J);
                (int lo2, int hi2) = Range(u2, r, grid.K);
                long plane = ((long)a * n + l) * cells;
                for (int c0 = lo0; c0 <= hi0; c0++)
                {
                    for (int c1 = lo1; c1 <= hi1; c1++)
                    {
                        for (int c2 = lo2; c2 <= hi2; c2++)
                        {
                            classification[plane + ((((long)c0 * grid.J) + c1) * grid.K) + c2] = 1;
                            rows.AddRange([a, l, c0, c1, c2]);
                            offsets.AddRange([(float)((u0 - c0) / r), (float)((u1 - c1) / r), (float)((u2 - c2) / r)]);
                        }
                    }
                }
            }
        }

        int count = rows.Count / 5;
        return new AnchorTargets(
            Tensor.Wrap(classification, anchors, n, grid.I, grid.J, grid.K),
            new IndexTensor([.. rows], count, 5),
            Tensor.FromArray(offsets.ToArray(), count, 3),
            Tensor.Wrap(present, n),
            stride,
            [.. options.RadiiCells]);
    }

    /// <summary>The cells c with |u − c| &lt; r and 0 ≤ c &lt; g: c from floor(u − r) + 1 to ceil(u + r) − 1.</summary>
    private static (int Lo, int Hi) Range(double u, double r, int g) =>
        (Math.Max(0, (int)Math.Floor(u - r) + 1), Math.Min(g - 1, (int)Math.Ceiling(u + r) - 1));
}
