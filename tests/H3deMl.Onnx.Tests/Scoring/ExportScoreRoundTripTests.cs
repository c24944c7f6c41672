using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Onnx.Export;
using H3deMl.Onnx.Tests.Export;
using H3deMl.Tensors.Randomness;
using Microsoft.ML;

namespace H3deMl.Onnx.Tests.Scoring;

/// <summary>ml.Model.ExportToOnnx → ml.Transforms.ScoreOnnxLandmarks (managed interpreter) predicts the same landmarks as the original model.</summary>
public sealed class ExportScoreRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("onnx-roundtrip-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Exported_model_predicts_the_same_landmarks()
    {
        var ml = new MLContext(seed: 3);
        var window = SeededModels.SmallWindow;
        var model = SeededModels.Create(ml, SeededModels.SmallBoth, seed: 11, window);
        var path = Path.Combine(_folder, "model.onnx");
        ml.Model.ExportToOnnx(model, path);

        // Two scans: one larger than the window (decoded with overlapping windows), one the size of the window.
        var random = new RandomStream(5);
        var volumes = new[] { (40, 36, 20), (window[0], window[1], window[2]) }.Select(s =>
        {
            var size = new VolumeSize(s.Item1, s.Item2, s.Item3);
            var voxels = new float[size.VoxelCount];
            for (var i = 0; i < voxels.Length; i++) voxels[i] = random.NextSingle();
            return new Volume(voxels, VolumeGeometry.AxisAligned(size, new Vector3d(0.8, 0.8, 1.5), new Vector3d(3, -4, 5)), VolumeElementType.Float32);
        }).ToArray();
        var data = ScanRows.Of(ml, volumes);

        var onnx = ml.Transforms.ScoreOnnxLandmarks(path).Fit(data);
        Assert.Equal(OnnxLandmarkHead.Both, onnx.DecodedHead);
        Assert.Equal(model.GetLandmarkNames(), onnx.LandmarkNames);
        var expected = ScanRows.Predictions(ml, model.Transform(data));
        var actual = ScanRows.Predictions(ml, onnx.Transform(data));
        MLNet.OnnxRuntimePipelineTests.AssertSameLandmarks(expected, actual);
    }

    [Theory]
    [InlineData(18)]
    [InlineData(20)]
    [InlineData(21)]
    // Opset 20+ graphs carry a Gelu node where earlier opsets spell it out; the interpreter fuses the spelled-out form into the same kernel.
    public void Later_opset_exports_run_as_opset_17(int opset)
    {
        var ml = new MLContext(seed: 3);
        var model = SeededModels.Create(ml, SeededModels.SmallBoth, seed: 11, SeededModels.SmallWindow);
        var reference = H3deMl.Onnx.Scoring.OnnxNetwork.FromModel(ml.Model.ToOnnxModel(model, new OnnxExportOptions { Opset = 17 }));
        var later = H3deMl.Onnx.Scoring.OnnxNetwork.FromModel(ml.Model.ToOnnxModel(model, new OnnxExportOptions { Opset = opset }));
        Assert.Equal(opset, later.Opset);
        Assert.Equal(reference.NodeCount, later.NodeCount);
        var random = new RandomStream(9);
        var input = Tensors.Tensor.FromArray(Enumerable.Range(0, 2 * 32 * 32 * 16).Select(_ => random.NextSingle()).ToArray(), 2, 1, 32, 32, 16);
        var expected = reference.Run(input);
        var actual = later.Run(input);
        foreach (var (name, e) in expected)
            TestKit.Tolerance.AssertClose(actual[name].ToArray(), e.ToArray(), 1e-6, $"opset {opset} {name}");
    }
}
