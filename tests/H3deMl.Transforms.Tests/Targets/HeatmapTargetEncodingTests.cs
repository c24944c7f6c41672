using System.Text.Json;
using H3deMl.Core.Geometry;
using H3deMl.Tensors;
using H3deMl.Transforms.Targets;

namespace H3deMl.Transforms.Tests.Targets;

public sealed class HeatmapTargetEncodingTests
{
    [Fact]
    public void Encode_Reference_HandComputedValues()
    {
        var size = new VolumeSize(16, 12, 10);
        Tensor t = HeatmapTargetEncoding.Encode(size, Vector3d.One, [new Vector3d(5, 6, 4), new Vector3d(1, 1, 1)], [true, false], new HeatmapTargetOptions { RadiusVoxels = 3 });
        Assert.Equal([2, 16, 12, 10], t.Shape.ToArray());
        ReadOnlySpan<float> v = t.AsReadOnlySpan();
        int At(int n, int i, int j, int k) => (((n * 16) + i) * 12 + j) * 10 + k;
        Assert.Equal(2f, v[At(0, 5, 6, 4)]);
        Assert.Equal((float)(2 * Math.Exp(-1 / (0.2 * 9))), v[At(0, 6, 6, 4)], 6);
        Assert.Equal((float)(2 * Math.Exp(-9 / (0.2 * 9))), v[At(0, 8, 6, 4)], 6); // d = R: inside
        Assert.Equal(-1f, v[At(0, 9, 6, 4)]);
        Assert.Equal(-1f, v[At(0, 7, 8, 6)]); // d² = 12 > 9
        Assert.All(v.Slice(At(1, 0, 0, 0), 16 * 12 * 10).ToArray(), x => Assert.Equal(-1f, x)); // missing → all −1
    }

    [Fact]
    public void Encode_Gaussian_AndRadiusInMm()
    {
        var size = new VolumeSize(20, 20, 20);
        Tensor g = HeatmapTargetEncoding.Encode(size, Vector3d.One, [new Vector3d(10, 10, 10)], [true], new HeatmapTargetOptions { Shape = HeatmapShape.Gaussian, SigmaVoxels = 2 });
        ReadOnlySpan<float> v = g.AsReadOnlySpan();
        Assert.Equal(1f, v[(10 * 20 + 10) * 20 + 10]);
        Assert.Equal((float)Math.Exp(-4 / 8.0), v[(12 * 20 + 10) * 20 + 10], 6);
        Assert.Equal(0f, v[0]);

        // R = 3 mm with spacing 0.5 mm along i: the ball is 6 voxels long along i.
        Tensor mm = HeatmapTargetEncoding.Encode(size, new Vector3d(0.5, 1, 1), [new Vector3d(10, 10, 10)], [true], new HeatmapTargetOptions { RadiusMm = 3 });
        ReadOnlySpan<float> w = mm.AsReadOnlySpan();
        Assert.True(w[(16 * 20 + 10) * 20 + 10] > 0);
        Assert.Equal(-1f, w[(17 * 20 + 10) * 20 + 10]);
        Assert.Equal(-1f, w[(10 * 20 + 14) * 20 + 10]);
    }

    [Fact]
    public void Encode_MatchesTheReferenceDefinition()
    {
        using JsonDocument fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Targets", "Fixtures", "target_fixtures.json")));
        JsonElement root = fixture.RootElement;
        Vector3d[] landmarks = [.. root.GetProperty("landmarks").EnumerateArray().Select(l => new Vector3d(l[0].GetDouble(), l[1].GetDouble(), l[2].GetDouble()))];
        bool[] present = [.. root.GetProperty("present").EnumerateArray().Select(p => p.GetBoolean())];
        var size = new VolumeSize(128, 128, 64);
        Tensor t = HeatmapTargetEncoding.Encode(size, Vector3d.One, landmarks, present, new HeatmapTargetOptions { RadiusVoxels = root.GetProperty("radiusVoxels").GetDouble() });
        ReadOnlySpan<float> v = t.AsReadOnlySpan();
        int count = 0;
        foreach (JsonElement s in root.GetProperty("heatmapSamples").EnumerateArray())
        {
            int n = s[0].GetInt32(), i = s[1].GetInt32(), j = s[2].GetInt32(), k = s[3].GetInt32();
            double expected = s[4].GetDouble();
            float actual = v[(((n * 128) + i) * 128 + j) * 64 + k];
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"landmark {n} voxel ({i}, {j}, {k}): ours {actual}, reference {expected}");
            count++;
        }

        Assert.True(count > 90);
    }
}
