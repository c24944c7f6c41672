using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Tensors;

namespace H3deMl.Transforms.Conversion;

/// <summary>Converts between volumes ([i, j, k], i fastest in memory) and network tensors (row-major, last axis fastest).</summary>
/// <remarks>
/// <para><b>The network-input convention.</b> A crop is fed to the network as (1, A0, A1, A2) with
/// <c>(A0, A1, A2) = (i, j, k)</c>: the volume's fastest axis i is the FIRST spatial axis, exactly as the reference reads NRRD
/// files with pynrrd's Fortran order (H3DE-NET.md §5.1). A 128×128×64 crop (I = J = 128, K = 64) is a (1, 128, 128, 64)
/// tensor. Because tensors are row-major, element <c>[0, i, j, k]</c> sits at <c>(i·J + j)·K + k</c> while the volume holds
/// it at <c>i + I·(j + J·k)</c>: the conversion is a full 3D transpose (reversal of the axis order in memory), done here in
/// cache-sized tiles, in parallel over j. Network outputs (C, A0, A1, A2) convert back with <see cref="FromNetworkOutput"/>,
/// and a network coordinate (a0, a1, a2) is the crop index (i, j, k), mapped to the scan with <c>Core.Data.CoordinateMapping</c>.</para>
/// </remarks>
public static class VolumeTensor
{
    private const int Tile = 32;

    /// <summary>Converts a scalar volume to a network input tensor (1, I, J, K).</summary>
    /// <param name="volume">The scalar volume (e.g. a 128×128×64 crop).</param>
    /// <returns>A new tensor (1, I, J, K), k fastest.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> is null.</exception>
    /// <exception cref="ArgumentException">The volume has more than one component.</exception>
    public static Tensor ToNetworkInput(Volume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        Spatial.VolumeResampling.RequireScalar(volume, nameof(volume));
        VolumeSize s = volume.Size;
        var data = new float[s.VoxelCount];
        CopyToNetworkLayout(volume.Voxels, s, data);
        return Tensor.Wrap(data, 1, s.I, s.J, s.K);
    }

    /// <summary>Stacks scalar volumes of one size into a batch (B, 1, I, J, K).</summary>
    /// <param name="volumes">The volumes, all of the same size.</param>
    /// <returns>The batch tensor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volumes"/> is null.</exception>
    /// <exception cref="ArgumentException">The list is empty or the sizes differ.</exception>
    public static Tensor ToNetworkBatch(IReadOnlyList<Volume> volumes)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        if (volumes.Count == 0)
        {
            throw new ArgumentException("The batch is empty.", nameof(volumes));
        }

        VolumeSize s = volumes[0].Size;
        long n = s.VoxelCount;
        var data = new float[n * volumes.Count];
        for (int b = 0; b < volumes.Count; b++)
        {
            if (volumes[b].Size != s || volumes[b].Components != 1)
            {
                throw new ArgumentException($"Volume {b} is {volumes[b].Size} with {volumes[b].Components} component(s); every volume of a batch must be a scalar {s}.", nameof(volumes));
            }

            CopyToNetworkLayout(volumes[b].Voxels, s, data.AsSpan((int)(b * n), (int)n));
        }

        return Tensor.Wrap(data, volumes.Count, 1, s.I, s.J, s.K);
    }

    /// <summary>Copies [i, j, k] (i fastest) voxels into network layout (i, j, k) row-major (k fastest).</summary>
    /// <param name="voxelsIjk">The source, length I·J·K.</param>
    /// <param name="size">(I, J, K).</param>
    /// <param name="destination">The destination, length I·J·K; must not overlap the source.</param>
    /// <exception cref="ArgumentException">A length does not match the size.</exception>
    public static void CopyToNetworkLayout(ReadOnlySpan<float> voxelsIjk, VolumeSize size, Span<float> destination)
    {
        CheckLengths(voxelsIjk.Length, destination.Length, size);
        Transpose(voxelsIjk, destination, size.I, size.J, size.K, toNetwork: true);
    }

    /// <summary>Copies network layout (i, j, k) row-major (k fastest) back into [i, j, k] voxel order (i fastest).</summary>
    /// <param name="network">The source, length I·J·K.</param>
    /// <param name="size">(I, J, K).</param>
    /// <param name="destinationIjk">The destination, length I·J·K; must not overlap the source.</param>
    /// <exception cref="ArgumentException">A length does not match the size.</exception>
    public static void CopyFromNetworkLayout(ReadOnlySpan<float> network, VolumeSize size, Span<float> destinationIjk)
    {
        CheckLengths(network.Length, destinationIjk.Length, size);
        Transpose(network, destinationIjk, size.I, size.J, size.K, toNetwork: false);
    }

    /// <summary>Converts a network output (C, I, J, K) or (1, C, I, J, K) into one volume per channel on a grid.</summary>
    /// <param name="output">The output tensor.</param>
    /// <param name="geometry">The grid of the crop that was fed to the network (size (I, J, K)).</param>
    /// <returns>One volume per channel (e.g. one heatmap per landmark).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The tensor's spatial shape does not match the geometry.</exception>
    public static Volume[] FromNetworkOutput(Tensor output, VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(geometry);
        ReadOnlySpan<int> shape = output.Shape;
        VolumeSize s = geometry.Size;
        bool batched = shape.Length == 5 && shape[0] == 1;
        int offset = batched ? 1 : 0;
        if (shape.Length != 4 + offset || shape[offset + 1] != s.I || shape[offset + 2] != s.J || shape[offset + 3] != s.K)
        {
            throw new ArgumentException($"The tensor has shape ({string.Join(", ", shape.ToArray())}) but (C, {s.I}, {s.J}, {s.K}) or (1, C, {s.I}, {s.J}, {s.K}) was expected for grid {s}.", nameof(output));
        }

        ReadOnlySpan<float> data = output.Contiguous().AsReadOnlySpan();
        int channels = shape[offset];
        int n = (int)s.VoxelCount;
        var volumes = new Volume[channels];
        for (int c = 0; c < channels; c++)
        {
            var voxels = new float[n];
            CopyFromNetworkLayout(data.Slice(c * n, n), s, voxels);
            volumes[c] = new Volume(voxels, geometry, VolumeElementType.Float32);
        }

        return volumes;
    }

    private static void CheckLengths(int source, int destination, VolumeSize size)
    {
        if (source != size.VoxelCount || destination != size.VoxelCount)
        {
            throw new ArgumentException($"Source ({source}) and destination ({destination}) must both hold {size.VoxelCount} values for size {size}.");
        }
    }

    private static unsafe void Transpose(ReadOnlySpan<float> source, Span<float> destination, int sizeI, int sizeJ, int sizeK, bool toNetwork)
    {
        fixed (float* src = source)
        fixed (float* dst = destination)
        {
            float* s = src;
            float* d = dst;
            Parallel.For(0, sizeJ, j =>
            {
                // Within slab j: voxel layout index i + I·j + I·J·k; network layout index (i·J + j)·K + k.
                long strideK = (long)sizeI * sizeJ;
                long networkStrideI = (long)sizeJ * sizeK;
                for (int k0 = 0; k0 < sizeK; k0 += Tile)
                {
                    int k1 = Math.Min(sizeK, k0 + Tile);
                    for (int i0 = 0; i0 < sizeI; i0 += Tile)
                    {
                        int i1 = Math.Min(sizeI, i0 + Tile);
                        for (int i = i0; i < i1; i++)
                        {
                            long net = (i * networkStrideI) + ((long)j * sizeK);
                            long vox = i + ((long)sizeI * j);
                            for (int k = k0; k < k1; k++)
                            {
                                if (toNetwork)
                                {
                                    d[net + k] = s[vox + (k * strideK)];
                                }
                                else
                                {
                                    d[vox + (k * strideK)] = s[net + k];
                                }
                            }
                        }
                    }
                }
            });
        }
    }
}
