using System.Text.Json;
using H3deMl.Tensors;
using H3deMl.TestKit;
using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Tests.Network;

/// <summary>Reads the PyTorch fixtures written by Fixtures/generate_network_fixtures.py.</summary>
internal static class NetworkFixtures
{
    internal static string Folder => Path.Combine(AppContext.BaseDirectory, "Network", "Fixtures");

    internal static JsonElement Manifest { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "network_fixtures.json"))).RootElement;

    internal static JsonElement Case(string name) =>
        Manifest.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    internal static Tensor ReadTensor(string file)
    {
        var a = Npy.Read(Path.Combine(Folder, file));
        return Tensor.FromArray(a.AsFloat(), a.Shape);
    }

    internal static H3deNetArchitecture Architecture(JsonElement c)
    {
        static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var windows = Ints(c.GetProperty("windows"));
        return new H3deNetArchitecture
        {
            StageWidths = Ints(c.GetProperty("widths")),
            StageDepths = Ints(c.GetProperty("depths")),
            TopK = Ints(c.GetProperty("topk")),
            Windows = (windows[0], windows[1], windows[2]),
            LandmarkCount = c.GetProperty("landmarks").GetInt32(),
            StemWidth = c.GetProperty("stem").GetInt32(),
            HalfResolutionWidth = c.GetProperty("half").GetInt32(),
            FullResolutionWidth = c.GetProperty("full").GetInt32(),
            Head = c.GetProperty("head").GetString() switch
            {
                "both" => H3deHead.Both,
                "anchors" => H3deHead.Anchors,
                _ => H3deHead.Heatmap,
            },
        };
    }
}
