using H3deMl.Tensors;

namespace H3deMl.Trainers.Network;

/// <summary>
/// Splits a channels-last volume (N, A0, A1, A2, C) into windows (N, P, T, C) and back. Windows are numbered
/// row-major over (A0, A1, A2) window indices and the T tokens of a window row-major over their (a0, a1, a2)
/// position, as in the reference (H3DE-NET.md §2.1). Every view stays within six axes.
/// </summary>
internal readonly record struct WindowPartition(int Batch, int A0, int A1, int A2, int Windows0, int Windows1, int Windows2)
{
    internal int Size0 => A0 / Windows0;
    internal int Size1 => A1 / Windows1;
    internal int Size2 => A2 / Windows2;
    internal int WindowCount => Windows0 * Windows1 * Windows2;
    internal int TokensPerWindow => Size0 * Size1 * Size2;

    internal Tensor Partition(Tensor x)
    {
        var c = x.Size(-1);
        // (N·n0, s0, n1, s1, n2, s2·C) → (N·n0, n1, n2, s0, s1, s2·C)
        return x.Reshape(Batch * Windows0, Size0, Windows1, Size1, Windows2, Size2 * c)
            .Permute(0, 2, 4, 1, 3, 5)
            .Reshape(Batch, WindowCount, TokensPerWindow, c);
    }

    internal Tensor Merge(Tensor windows)
    {
        var c = windows.Size(-1);
        return windows.Reshape(Batch * Windows0, Windows1, Windows2, Size0, Size1, Size2 * c)
            .Permute(0, 3, 1, 4, 2, 5)
            .Reshape(Batch, A0, A1, A2, c);
    }
}
