using H3deMl.Tensors;
using H3deMl.Tensors.NN;

namespace H3deMl.Trainers.Tests.Network;

/// <summary>
/// Deterministic weights from a formula shared with Fixtures/generate_network_fixtures.py (<c>formula_uniform</c>), so
/// the full 24.5 M-parameter network can be compared with PyTorch without shipping a weight file: element i of a tensor
/// named s is the murmur3 finaliser of (i·0x9E3779B1 + FNV-1a(s)) mapped to [−1, 1), scaled by 1/√fan_in for ≥ 2-D
/// tensors, 1 + 0.1u for 1-D weights and 0.1u for biases.
/// </summary>
internal static class FormulaWeights
{
    internal static float[] Uniform(string name, int count)
    {
        var seed = Fnv1a(name);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var x = unchecked((uint)((ulong)i * 0x9E3779B1UL + seed));
            x ^= x >> 16;
            x = unchecked(x * 0x85EBCA6B);
            x ^= x >> 13;
            x = unchecked(x * 0xC2B2AE35);
            x ^= x >> 16;
            values[i] = (float)(x / 4294967296.0 * 2.0 - 1.0);
        }
        return values;
    }

    internal static void Fill(Module module)
    {
        foreach (var (name, parameter) in module.NamedParameters())
        {
            var t = parameter.Value;
            var u = Uniform(name, t.Length);
            var dst = t.AsSpan();
            if (t.Rank >= 2)
            {
                var fanIn = t.Length / t.Size(0);
                var scale = (float)(1.0 / Math.Sqrt(fanIn));
                for (var i = 0; i < u.Length; i++) dst[i] = u[i] * scale;
            }
            else if (name.EndsWith("weight", StringComparison.Ordinal))
            {
                for (var i = 0; i < u.Length; i++) dst[i] = 1f + 0.1f * u[i];
            }
            else
            {
                for (var i = 0; i < u.Length; i++) dst[i] = 0.1f * u[i];
            }
        }
    }

    private static uint Fnv1a(string name)
    {
        var h = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(name)) h = unchecked((h ^ b) * 16777619u);
        return h;
    }
}
