using System.Text.Json;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;

namespace H3deMl.Core.Tests.IO;

/// <summary>The expected values written by Fixtures/generate_io_expectations.py (nibabel, numpy, gzip/bz2 oracles).</summary>
internal static class IoExpectations
{
    private static readonly Lazy<JsonElement> RootLazy = new(() =>
    {
        string path = Path.Combine(TestData.RepoRoot ?? throw new InvalidOperationException("Repository root not found."), "tests", "H3deMl.Core.Tests", "Fixtures", "io_expectations.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    });

    public static JsonElement Root => RootLazy.Value;

    public static JsonElement Entry(string section, string file)
    {
        foreach (JsonElement e in Root.GetProperty(section).EnumerateArray())
        {
            if (e.GetProperty("file").GetString() == file)
            {
                return e;
            }
        }

        throw new InvalidOperationException($"No expectation for {file} in {section}.");
    }

    public static TheoryData<string> Files(string section)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement e in Root.GetProperty(section).EnumerateArray())
        {
            data.Add(e.GetProperty("file").GetString()!);
        }

        return data;
    }

    public static double[] Doubles(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetDouble())];

    /// <summary>Checks a volume against an expectation entry: size, components, geometry and voxel statistics and samples.</summary>
    public static void AssertMatches(JsonElement e, Volume v, double geometryTolerance = 1e-5)
    {
        int[] size = [.. e.GetProperty("size").EnumerateArray().Select(x => x.GetInt32())];
        Assert.Equal(new VolumeSize(size[0], size[1], size[2]), v.Size);
        Assert.Equal(e.GetProperty("components").GetInt32(), v.Components);
        AssertClose(Doubles(e, "spacing"), v.Geometry.SpacingMm.ToArray(), geometryTolerance, "spacing");
        AssertClose(Doubles(e, "origin"), v.Geometry.OriginLps.ToArray(), geometryTolerance * Math.Max(1, Doubles(e, "origin").Max(Math.Abs)), "origin");
        AssertClose(Doubles(e, "direction"), v.Geometry.Direction.ToRowMajorArray(), geometryTolerance, "direction");

        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (float x in v.Voxels)
        {
            sum += x;
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        double expectedSum = e.GetProperty("sum").GetDouble();
        Assert.True(Math.Abs(sum - expectedSum) <= 1e-6 * Math.Max(1, Math.Abs(expectedSum)) + 1e-3, $"voxel sum {sum:R}, expected {expectedSum:R}");
        Assert.Equal(e.GetProperty("min").GetDouble(), min, 4);
        Assert.Equal(e.GetProperty("max").GetDouble(), max, 4);
        foreach (JsonElement s in e.GetProperty("samples").EnumerateArray())
        {
            int[] ix = [.. s.EnumerateArray().Take(4).Select(x => x.GetInt32())];
            double expected = s[4].GetDouble();
            float actual = v.GetValue(ix[0], ix[1], ix[2], ix[3]);
            Assert.True(Math.Abs(actual - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"voxel ({ix[0]}, {ix[1]}, {ix[2]}, c{ix[3]}) = {actual}, expected {expected}");
        }
    }

    public static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int n = 0; n < expected.Length; n++)
        {
            Assert.True(Math.Abs(expected[n] - actual[n]) <= tolerance, $"{what}[{n}] = {actual[n]:R}, expected {expected[n]:R} (tolerance {tolerance}); all: [{string.Join(", ", actual)}] vs [{string.Join(", ", expected)}]");
        }
    }
}
