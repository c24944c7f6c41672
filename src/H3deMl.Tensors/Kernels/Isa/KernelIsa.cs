using System.Runtime.Intrinsics;

namespace H3deMl.Tensors.Kernels.Isa;

/// <summary>The vector width a structured kernel (GEMM, convolution) runs with.</summary>
internal enum SimdWidth
{
    /// <summary>Plain scalar code: the portable reference path.</summary>
    Scalar = 1,
    /// <summary><see cref="Vector128{T}"/>: 4 floats.</summary>
    V128 = 4,
    /// <summary><see cref="Vector256{T}"/>: 8 floats.</summary>
    V256 = 8,
    /// <summary><see cref="Vector512{T}"/>: 16 floats.</summary>
    V512 = 16,
}

/// <summary>
/// Chooses the widest accelerated vector width. Tests force narrower paths with <see cref="Override"/>, which is
/// read once per kernel call on the calling thread and then passed down, so it also governs worker threads.
/// </summary>
internal static class KernelIsa
{
    [ThreadStatic] private static SimdWidth? t_override;

    /// <summary>The widest width this machine accelerates.</summary>
    internal static readonly SimdWidth Best =
        Vector512.IsHardwareAccelerated ? SimdWidth.V512 :
        Vector256.IsHardwareAccelerated ? SimdWidth.V256 :
        Vector128.IsHardwareAccelerated ? SimdWidth.V128 : SimdWidth.Scalar;

    /// <summary>A narrower width forced on the calling thread (tests only); null for <see cref="Best"/>.</summary>
    internal static SimdWidth? Override
    {
        get => t_override;
        set
        {
            if (value is { } v && v > Best) v = Best;
            t_override = value;
        }
    }

    /// <summary>The width for the next kernel call on this thread.</summary>
    internal static SimdWidth Current => t_override ?? Best;
}
