using System.IO.Compression;
using System.Text;
using H3deMl.Core.Data;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Core.Tests.Pipeline;

public sealed class ModelFileTests
{
    public ModelFileTests() => ScaleStep.EnsureRegistered();

    [Fact]
    public void SaveLoad_RoundTrip_RestoresStepsScopesNamesAndEntries()
    {
        var ml = new H3deContext(1);
        var model = new ScanTransformerChain<ScaleStep>(
            [new ScanChainStep(new ScaleStep(2), StepScope.Training), new ScanChainStep(new ScaleStep(3, "weights.safetensors"), StepScope.Everything)],
            ["L0", "R0"]);
        using var stream = new MemoryStream();
        ml.Model.Save(model, stream);
        stream.Position = 0;

        ScanTransformerChain<IScanTransformer> loaded = ml.Model.Load(stream);

        Assert.Equal(["L0", "R0"], loaded.LandmarkNames);
        Assert.Equal([StepScope.Training, StepScope.Everything], loaded.Steps.Select(s => s.Scope));
        Assert.Equal([2.0, 3.0], loaded.Steps.Select(s => ((ScaleStep)s.Transformer).Factor));
        Assert.Equal("weights.safetensors", ((ScaleStep)loaded.LastTransformer).ExtraEntry);
        ScanDataView data = ml.Data.LoadFromEnumerable([("a", ScanVolumes.Ramp(), (LandmarkSet?)null)]);
        Assert.Equal(model.Transform(data).Single().Volume!.Voxels, loaded.Transform(data).Single().Volume!.Voxels);
    }

    [Fact]
    public void Save_ToPath_WritesManifestWithFormatAndSteps()
    {
        var ml = new H3deContext(1);
        string path = Path.Combine(Path.GetTempPath(), $"h3de-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(new ScaleStep(2), path, ["A"]);
            using ZipArchive zip = ZipFile.OpenRead(path);
            string manifest = new StreamReader(zip.GetEntry("manifest.json")!.Open()).ReadToEnd();
            Assert.Contains("\"format\": \"H3deMl.Model\"", manifest);
            Assert.Contains("\"formatVersion\": 1", manifest);
            Assert.Contains("\"type\": \"H3deMl.Tests.Scale\"", manifest);
            Assert.Contains("\"factor\": 2", manifest);
            Assert.Equal(2.0, ((ScaleStep)ml.Model.Load(path).LastTransformer).Factor);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_FutureFormatVersion_IsRefusedWithReason()
    {
        var e = LoadManifest("""{"format":"H3deMl.Model","formatVersion":99,"landmarkNames":[],"steps":[]}""");
        Assert.Contains("format version 99", e.Message);
        Assert.Equal("formatVersion", e.Field);
    }

    [Fact]
    public void Load_UnknownStepType_IsRefusedNamingIt()
    {
        var e = LoadManifest("""{"format":"H3deMl.Model","formatVersion":1,"landmarkNames":[],"steps":[{"type":"Evil.Step","assembly":"Evil","version":1,"scope":"Everything","options":{}}]}""");
        Assert.Contains("'Evil.Step'", e.Message);
    }

    [Fact]
    public void Load_UnknownStepVersion_IsRefused()
    {
        var e = LoadManifest("""{"format":"H3deMl.Model","formatVersion":1,"landmarkNames":[],"steps":[{"type":"H3deMl.Tests.Scale","version":7,"scope":"Everything","options":{"factor":1}}]}""");
        Assert.Contains("version 7", e.Message);
    }

    [Fact]
    public void Load_NoSteps_IsRefused()
    {
        var e = LoadManifest("""{"format":"H3deMl.Model","formatVersion":1,"landmarkNames":[],"steps":[]}""");
        Assert.Contains("no steps", e.Message);
    }

    [Fact]
    public void Load_WrongFormatName_IsRefused()
    {
        var e = LoadManifest("""{"format":"Other","formatVersion":1,"steps":[]}""");
        Assert.Contains("'Other'", e.Message);
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("C:\\x")]
    public void Load_EntryWithUnsafeName_IsRefused(string name)
    {
        var e = LoadZip(zip =>
        {
            AddManifest(zip, """{"format":"H3deMl.Model","formatVersion":1,"steps":[]}""");
            using Stream s = zip.CreateEntry(name).Open();
            s.WriteByte(1);
        });
        Assert.Contains("not a valid model entry name", e.Message);
    }

    [Fact]
    public void Load_TooManyEntries_IsRefused()
    {
        var e = LoadZip(zip =>
        {
            AddManifest(zip, """{"format":"H3deMl.Model","formatVersion":1,"steps":[]}""");
            for (int n = 0; n < 300; n++)
            {
                zip.CreateEntry($"e{n}");
            }
        });
        Assert.Contains("301 entries", e.Message);
    }

    [Fact]
    public void Load_ZipBomb_IsRefused()
    {
        var e = LoadZip(zip =>
        {
            AddManifest(zip, """{"format":"H3deMl.Model","formatVersion":1,"steps":[]}""");
            using Stream s = zip.CreateEntry("weights.safetensors", CompressionLevel.SmallestSize).Open();
            s.Write(new byte[64 << 20]);
        });
        Assert.Contains("zip bomb", e.Message);
    }

    [Fact]
    public void Load_NotAZip_OrNoManifest_IsRefused()
    {
        var ml = new H3deContext(1);
        Assert.Contains("not a zip", Assert.Throws<ModelFormatException>(() => ml.Model.Load(new MemoryStream(Encoding.ASCII.GetBytes("hello")))).Message);
        Assert.Contains("no manifest.json", LoadZip(zip => zip.CreateEntry("x")).Message);
        Assert.Contains("not valid JSON", LoadManifest("{not json").Message);
    }

    private static ModelFormatException LoadManifest(string json) => LoadZip(zip => AddManifest(zip, json));

    private static ModelFormatException LoadZip(Action<ZipArchive> build)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            build(zip);
        }

        stream.Position = 0;
        return Assert.Throws<ModelFormatException>(() => new H3deContext(1).Model.Load(stream));
    }

    private static void AddManifest(ZipArchive zip, string json)
    {
        using Stream s = zip.CreateEntry("manifest.json").Open();
        s.Write(Encoding.UTF8.GetBytes(json));
    }
}
