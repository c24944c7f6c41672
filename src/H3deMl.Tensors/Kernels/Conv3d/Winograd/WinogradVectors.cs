using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>Lane constants the Winograd transforms share: positions, even/odd splits and their inverse interleave.</summary>
internal static class WinogradVectors
{
    /// <summary>0, 1, …, 15.</summary>
    internal static readonly Vector512<float> Iota = Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    /// <summary>Two-source permutation picking the even positions of 32 (lanes become tiles).</summary>
    internal static readonly Vector512<int> Even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);

    /// <summary>Two-source permutation picking the odd positions of 32.</summary>
    internal static readonly Vector512<int> Odd = Even + Vector512<int>.One;

    /// <summary>Two-source permutation interleaving the first halves of two vectors (tiles become position pairs).</summary>
    internal static readonly Vector512<int> InterleaveLow = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);

    /// <summary>Two-source permutation interleaving the second halves of two vectors.</summary>
    internal static readonly Vector512<int> InterleaveHigh = InterleaveLow + Vector512.Create(8);

    /// <summary>All bits set in lanes below <paramref name="count"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> FirstLanes(int count) => Vector512.LessThan(Iota, Vector512.Create((float)count));
}
