using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Tests.Import;

/// <summary>Paths and expectations for the checkpoint-import fixtures written by Fixtures/generate_import_fixtures.py.</summary>
internal static class ImportFixtures
{
    internal static string Folder => Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures");

    internal static string File(string name) => Path.Combine(Folder, name);

    /// <summary>The tiny network of the generator (TINY there), with the given head.</summary>
    internal static H3deNetArchitecture Tiny(H3deHead head) => new()
    {
        LandmarkCount = 2,
        StageWidths = [8, 8, 8, 8],
        StageDepths = [1, 0, 1, 0],
        TopK = [1, 1, 2, 2],
        Windows = (2, 2, 2),
        StemWidth = 8,
        HalfResolutionWidth = 8,
        FullResolutionWidth = 8,
        Head = head,
    };

    /// <summary>Asserts that every parameter of <paramref name="net"/> equals, bit for bit, the tensor of the same name in a safetensors file.</summary>
    internal static void AssertWeightsEqual(H3deNet net, string safetensorsPath)
    {
        var expected = SafetensorsReader.Read(safetensorsPath).Tensors;
        var count = 0;
        foreach (var (name, p) in net.NamedParameters())
        {
            Assert.True(expected.TryGetValue(name, out var e), $"{name} is not in {Path.GetFileName(safetensorsPath)}");
            Assert.Equal(e!.Shape.ToArray(), p.Shape.ToArray());
            Assert.True(e.ToArray().AsSpan().SequenceEqual(p.Value.ToArray()), $"{name} differs from {Path.GetFileName(safetensorsPath)}");
            count++;
        }
        Assert.True(count > 0);
    }
}
