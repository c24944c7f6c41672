using System.Text.Json;

namespace H3deMl.Tensors.Tests.Optim;

/// <summary>Reads Fixtures/optim_fixtures.json, written by generate_optim_fixtures.py with PyTorch 1.13 (Debian).</summary>
public sealed class OptimFixture
{
    public OptimFixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Optim", "Fixtures", "optim_fixtures.json");
        Root = JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;
        Shapes = Root.GetProperty("shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(d => d.GetInt32()).ToArray()).ToArray();
        Initial = Root.GetProperty("initial").EnumerateArray().Select(Floats).ToArray();
        Gradients = Root.GetProperty("gradients").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(g => g.ValueKind == JsonValueKind.Null ? null : Floats(g)).ToArray()).ToArray();
    }

    public JsonElement Root { get; }

    public int[][] Shapes { get; }

    public float[][] Initial { get; }

    /// <summary>[step][parameter], null where the parameter has no gradient on that step.</summary>
    public float[]?[][] Gradients { get; }

    public static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
