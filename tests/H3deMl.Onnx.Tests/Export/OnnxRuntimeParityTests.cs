using System.Text.Json;
using H3deMl.Tensors.Autograd;
using H3deMl.TestKit;
using Microsoft.ML;
using Xunit.Abstractions;

namespace H3deMl.Onnx.Tests.Export;

/// <summary>
/// The exported seeded Small network (both heads, batch 2, 32×32×16) run by ONNX Runtime 1.30 (fixtures written by
/// Fixtures/ort/generate_ort_fixtures.js from the model <see cref="OrtFixtureWriter"/> exports) against our engine.
/// </summary>
public sealed class OnnxRuntimeParityTests(ITestOutputHelper output)
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ort");

    [Fact]
    public void OnnxRuntimeOnTheExportedGraphMatchesOurForwardForBothHeads()
    {
        var ml = new MLContext(seed: 1);
        var model = OrtFixtureWriter.ExportSmallBoth(ml, out var chain);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_folder, "ort_fixtures.json")));
        Assert.True(manifest.RootElement.GetProperty("graphSha256").GetString() == OrtFixtureWriter.GraphHash(model),
            "The exported graph differs from the one ONNX Runtime ran for the fixtures (the exporter, the network or its "
            + "initialisation changed). Regenerate: H3DEML_WRITE_ONNX_FIXTURES=1 dotnet test --filter OrtFixtureWriter, "
            + "then node generate_ort_fixtures.js in tests/H3deMl.Onnx.Tests/Fixtures/ort.");

        var network = SeededModels.Network(chain);
        using var noGrad = GradMode.NoGrad();
        var ours = network.Forward(SeededModels.Input(OrtFixtureWriter.Batch, SeededModels.SmallWindow));

        foreach (var (name, actual) in new[] { ("heatmap", ours.Heatmap!), ("anchors", ours.Anchors!) })
        {
            var expected = Npy.Read(Path.Combine(s_folder, $"small_both_{name}.npy"));
            Assert.Equal(expected.Shape, actual.Shape.ToArray());
            var reference = expected.AsFloat().Select(v => (double)v).ToArray();
            var report = Tolerance.Measure(actual.ToArray(), reference);
            output.WriteLine($"{name}: {report}");
            Tolerance.AssertClose(actual.ToArray(), reference, 1e-4, $"{name} vs ONNX Runtime");
        }
    }
}

/// <summary>Export → our ONNX interpreter (the engine behind ApplyOnnxModel) → the network's own outputs.</summary>
public sealed class OnnxExportRoundTripTests(ITestOutputHelper output)
{
    [Fact]
    public void OurInterpreterOnTheExportedGraphReproducesTheNetwork()
    {
        var ml = new MLContext(seed: 1);
        var model = OrtFixtureWriter.ExportSmallBoth(ml, out var chain);
        var input = SeededModels.Input(OrtFixtureWriter.Batch, SeededModels.SmallWindow);
        using var noGrad = GradMode.NoGrad();
        var expected = SeededModels.Network(chain).Forward(input);
        var outputs = H3deMl.Onnx.Scoring.OnnxNetwork.FromModel(model).Run(input);

        foreach (var (name, reference) in new[] { ("heatmap", expected.Heatmap!), ("anchors", expected.Anchors!) })
        {
            var actual = outputs[name];
            Assert.Equal(reference.Shape.ToArray(), actual.Shape.ToArray());
            var r = reference.ToArray().Select(v => (double)v).ToArray();
            output.WriteLine($"{name}: {Tolerance.Measure(actual.ToArray(), r)}");
            Tolerance.AssertClose(actual.ToArray(), r, 1e-4, $"{name}: interpreter vs network");
        }
    }
}
