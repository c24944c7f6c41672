using H3deMl.Core.Geometry;
using H3deMl.Core.Pipeline;
using H3deMl.Core.Volumes;
using H3deMl.Onnx.Export;
using H3deMl.Onnx.Tests.Export;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Onnx.Tests.Scoring;

/// <summary>ml.Model.ExportToOnnx → ml.Transforms.ApplyOnnxModel predicts the same landmarks as the original model.</summary>
public sealed class ExportApplyRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("onnx-roundtrip-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Exported_model_predicts_the_same_landmarks()
    {
        var ml = new H3deContext(seed: 3);
        var window = SeededModels.SmallWindow;
        var model = SeededModels.Create(ml, SeededModels.SmallBoth, seed: 11, window);
        var path = Path.Combine(_folder, "model.onnx");
        using (var file = File.Create(path)) ml.Model.ExportToOnnx(model, file);

        // Two scans: one the size of the window, one larger (decoded with overlapping windows).
        var random = new RandomStream(5);
        var volumes = new[] { (40, 36, 20), (window[0], window[1], window[2]) }.Select(s =>
        {
            var size = new VolumeSize(s.Item1, s.Item2, s.Item3);
            var voxels = new float[size.VoxelCount];
            for (var i = 0; i < voxels.Length; i++) voxels[i] = random.NextSingle();
            return new Volume(voxels, VolumeGeometry.AxisAligned(size, new Vector3d(0.8, 0.8, 1.5), new Vector3d(3, -4, 5)), VolumeElementType.Float32);
        }).ToArray();
        var data = ml.Data.LoadFromEnumerable(volumes);

        var onnx = ml.Transforms.ApplyOnnxModel(path).Fit(data);
        Assert.Equal(OnnxLandmarkHead.Both, onnx.DecodedHead);
        var expected = model.Transform(data).ToList();
        var actual = onnx.Transform(data).ToList();
        for (var r = 0; r < volumes.Length; r++)
        {
            var e = expected[r].Prediction!;
            var a = actual[r].Prediction!;
            Assert.Equal(e.Landmarks.Names, a.Landmarks.Names);
            for (var l = 0; l < e.Landmarks.Count; l++)
            {
                Assert.True(Vector3d.Distance(e.Landmarks[l].PositionLps, a.Landmarks[l].PositionLps) < 1e-3,
                    $"scan {r} landmark {l}: {a.Landmarks[l].PositionLps} vs {e.Landmarks[l].PositionLps}");
                Assert.Equal(e.Landmarks[l].IsPresent, a.Landmarks[l].IsPresent);
                Assert.Equal(e.PresenceProbabilities[l], a.PresenceProbabilities[l], 4);
            }
        }
    }

    [Theory]
    [InlineData(18)]
    [InlineData(20)]
    [InlineData(21)]
    // Opset 20+ graphs carry a Gelu node where earlier opsets spell it out; the interpreter fuses the spelled-out form into the same kernel.
    public void Later_opset_exports_run_as_opset_17(int opset)
    {
        var ml = new H3deContext(seed: 3);
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
