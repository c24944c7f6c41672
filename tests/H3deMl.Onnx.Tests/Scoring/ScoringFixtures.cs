using System.Text.Json;
using H3deMl.Onnx.Scoring;
using H3deMl.Tensors;
using H3deMl.TestKit;

namespace H3deMl.Onnx.Tests.Scoring;

/// <summary>Reads the models, inputs and PyTorch outputs written by Fixtures/generate_onnx_fixtures.py.</summary>
internal static class ScoringFixtures
{
    internal static string Folder => Path.Combine(AppContext.BaseDirectory, "Scoring", "Fixtures");

    internal static JsonElement Manifest { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "onnx_fixtures.json"))).RootElement;

    internal static IEnumerable<string> ModelNames(string prefix) =>
        Manifest.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).Where(n => n.StartsWith(prefix, StringComparison.Ordinal));

    internal static JsonElement Model(string name) =>
        Manifest.GetProperty("models").EnumerateArray().First(m => m.GetProperty("name").GetString() == name);

    internal static string PathOf(string file) => Path.Combine(Folder, file);

    internal static OnnxValue ReadValue(string file)
    {
        var a = Npy.Read(PathOf(file));
        return a.IsFloat ? OnnxValue.FromTensor(Tensor.FromArray(a.AsFloat(), a.Shape)) : OnnxValue.FromInt64(a.AsInt32().Select(v => (long)v).ToArray(), a.Shape);
    }

    internal static Dictionary<string, OnnxValue> Inputs(JsonElement model) =>
        model.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => ReadValue(i.GetProperty("file").GetString()!));
}
