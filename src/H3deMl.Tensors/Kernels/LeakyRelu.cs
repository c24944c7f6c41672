using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace H3deMl.Tensors.Kernels;

/// <summary>
/// LeakyReLU forward and backward, vectorised (Vector512/256 with a scalar tail); each element is computed exactly
/// as the scalar form v &gt; 0 ? v : v·slope, so the width never changes a result.
/// </summary>
internal static class LeakyRelu
{
    /// <summary>d = x &gt; 0 ? x : x·slope.</summary>
    internal static void Forward(ReadOnlySpan<float> x, Span<float> d, float slope) => Select(x, x, d, slope);

    /// <summary>d = sign &gt; 0 ? g : g·slope (sign is x, or the forward output for a positive slope).</summary>
    internal static void Backward(ReadOnlySpan<float> sign, ReadOnlySpan<float> g, Span<float> d, float slope) => Select(sign, g, d, slope);

    /// <summary>d = s &gt; 0 ? v : v·slope.</summary>
    private static void Select(ReadOnlySpan<float> s, ReadOnlySpan<float> v, Span<float> d, float slope)
    {
        if (s.Length != v.Length || d.Length < v.Length) throw new ArgumentException("LeakyReLU spans differ in length.");
        ref var sr = ref MemoryMarshal.GetReference(s);
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var dr = ref MemoryMarshal.GetReference(d);
        var n = v.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var k = Vector512.Create(slope);
            for (; i + 16 <= n; i += 16)
            {
                var vs = Vector512.LoadUnsafe(ref vr, (nuint)i);
                var mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref sr, (nuint)i), Vector512<float>.Zero);
                Vector512.ConditionalSelect(mask, vs, vs * k).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var k = Vector256.Create(slope);
            for (; i + 8 <= n; i += 8)
            {
                var vs = Vector256.LoadUnsafe(ref vr, (nuint)i);
                var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref sr, (nuint)i), Vector256<float>.Zero);
                Vector256.ConditionalSelect(mask, vs, vs * k).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            var val = Unsafe.Add(ref vr, i);
            Unsafe.Add(ref dr, i) = Unsafe.Add(ref sr, i) > 0f ? val : val * slope;
        }
    }
}
