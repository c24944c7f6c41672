using H3deMl.Onnx;
using H3deMl.Onnx.Protobuf;
using H3deMl.TestKit;

namespace H3deMl.Cli.Tests.Commands;


public sealed class ExportOnnxCommandTests
{
    private static string Checkpoint =>
        Path.Combine(TestData.RepoRoot ?? throw new InvalidOperationException("repository root not found"),
            "tests", "H3deMl.Trainers.Tests", "Network", "Fixtures", "small_both.ckpt");

    [Fact]
    public void ExportOnnx_WritesTheImportedNetworkWithBothHeadsAndItsLandmarks()
    {
        using var temp = new TempDirectory();
        var zip = Path.Combine(temp.Path, "small.zip");
        var onnxPath = Path.Combine(temp.Path, "small.onnx");
        var (importCode, _, importError) = CliRunner.Run("import-checkpoint", Checkpoint, "--out", zip, "--windows", "2,2,2", "--topk", "1,2,4,4", "--landmarks", "nasion,sella,menton");
        Assert.True(importCode == 0, importError);

        var (code, output, error) = CliRunner.Run("export-onnx", "--model", zip, "--out", onnxPath);

        Assert.True(code == 0, error);
        Assert.Contains("3 landmarks", output);
        var model = ModelProto.ReadFile(onnxPath);
        Assert.Equal("[\"nasion\",\"sella\",\"menton\"]", model.Metadata(OnnxMetadataKeys.LandmarkNames));
        Assert.Equal("Both", model.Metadata(OnnxMetadataKeys.Head));
        Assert.Contains(model.Graph!.Initializer, t => t.Name == "stages.2.1.attn.qkv.qkv.weight");
        Assert.False(File.Exists(onnxPath + ".partial"));
    }

    [Fact]
    public void ExportOnnx_ReportsAMissingModelFile()
    {
        using var temp = new TempDirectory();
        var (code, _, error) = CliRunner.Run("export-onnx", "--model", Path.Combine(temp.Path, "missing.zip"), "--out", Path.Combine(temp.Path, "m.onnx"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("missing.zip", error);
    }
}
