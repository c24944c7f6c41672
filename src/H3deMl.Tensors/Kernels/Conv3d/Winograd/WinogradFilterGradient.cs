using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The last step of the Winograd weight gradient: dw = Gᵀ·dU·G along each axis (the transpose of the filter
/// transform), along one axis (u0, u1, u2, u3) ↦ (u0 + (u1 + u2)/2, (u1 − u2)/2, (u1 + u2)/2 + u3).
/// </summary>
internal static unsafe class WinogradFilterGradient
{
    /// <summary>Vectors of work space <see cref="Write"/> needs.</summary>
    internal const int WorkVectors = 48 + 36 + 27;

    /// <summary>
    /// Writes the 3×3×3 filters dw[j] (27 floats each, consecutive) for j &lt; <paramref name="count"/> ≤ 16 from the
    /// 64 elements u[e·es + j].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Write(float* u, long es, int count, float* dw, Vector512<float>* work)
    {
        var gx = work;
        var gy = work + 48;
        var taps = work + 84;
        var half = Vector512.Create(0.5f);
        for (var g = 0; g < 16; g++)
        {
            var p = u + g * 4 * es;
            Reduce(Vector512.Load(p), Vector512.Load(p + es), Vector512.Load(p + 2 * es), Vector512.Load(p + 3 * es),
                half, gx + g * 3, 1);
        }
        for (var ez = 0; ez < 4; ez++)
        for (var kx = 0; kx < 3; kx++)
        {
            var s = gx + ez * 12 + kx;
            Reduce(s[0], s[3], s[6], s[9], half, gy + ez * 9 + kx, 3);
        }
        for (var k = 0; k < 9; k++)
        {
            var s = gy + k;
            Reduce(s[0], s[9], s[18], s[27], half, taps + k, 9);
        }
        var flat = (float*)taps;
        for (var j = 0; j < count; j++)
        for (var t = 0; t < 27; t++)
            dw[j * 27 + t] = flat[t * 16 + j];
    }

    private static void Reduce(Vector512<float> u0, Vector512<float> u1, Vector512<float> u2, Vector512<float> u3,
        Vector512<float> half, Vector512<float>* d, int s)
    {
        var mid = (u1 + u2) * half;
        d[0] = u0 + mid;
        d[s] = (u1 - u2) * half;
        d[2 * s] = mid + u3;
    }
}
