using System.Text.Json;
using H3deMl.Tensors;
using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Tests.Network;

/// <summary>
/// The full default network (both heads, 24.5 M parameters) on a 1×1×128×128×64 input against PyTorch: with formula
/// weights on both sides, mean, standard deviation, extremes and ~1,000 sampled values of each head's output agree.
/// </summary>
public sealed class H3deNetFullReferenceTests
{
    [Fact]
    public void Forward_ReferenceArchitectureFormulaWeights_MatchesPyTorchStatistics()
    {
        var net = new H3deNet(H3deNetArchitecture.Reference with { Head = H3deHead.Both }, new RandomStream(1));
        FormulaWeights.Fill(net);
        var u = FormulaWeights.Uniform("input", 128 * 128 * 64);
        for (var i = 0; i < u.Length; i++) u[i] = u[i] * 0.5f + 0.5f;
        H3deNetOutput output;
        using (GradMode.NoGrad()) output = net.Forward(Tensor.FromArray(u, 1, 1, 128, 128, 64));

        var full = NetworkFixtures.Manifest.GetProperty("full");
        Check(output.Heatmap!, full.GetProperty("heatmap"), "heatmap");
        Check(output.Anchors!, full.GetProperty("anchors"), "anchors");
    }

    private static void Check(Tensor actual, JsonElement expected, string what)
    {
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray(), actual.Shape.ToArray());
        var values = actual.ToArray();
        var mean = values.Average(v => (double)v);
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        var scale = expected.GetProperty("std").GetDouble();
        Assert.True(Math.Abs(mean - expected.GetProperty("mean").GetDouble()) <= 1e-4 * scale, $"{what} mean {mean} vs {expected.GetProperty("mean").GetDouble()}");
        Assert.True(Math.Abs(std - scale) <= 1e-4 * scale, $"{what} std {std} vs {scale}");
        Assert.True(Math.Abs(values.Max() - expected.GetProperty("max").GetDouble()) <= 1e-4 * scale + 1e-4 * Math.Abs(expected.GetProperty("max").GetDouble()), $"{what} max");
        Assert.True(Math.Abs(values.Min() - expected.GetProperty("min").GetDouble()) <= 1e-4 * scale + 1e-4 * Math.Abs(expected.GetProperty("min").GetDouble()), $"{what} min");
        var indices = expected.GetProperty("sampleIndices").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var samples = expected.GetProperty("samples").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var worst = 0.0;
        for (var i = 0; i < indices.Length; i++)
            worst = Math.Max(worst, Math.Abs(values[indices[i]] - samples[i]) / (Math.Abs(samples[i]) + 0.1 * scale));
        Assert.True(worst <= 1e-4, $"{what}: worst sampled relative error {worst:G3} (relative to |expected| + 0.1·std)");
    }
}
