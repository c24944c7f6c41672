using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Onnx.Pipeline;
using H3deMl.Tensors;
using H3deMl.Trainers.Network;
using H3deMl.Transforms.Conversion;
using Microsoft.ML;

namespace H3deMl.Onnx.Tests.Scoring;

/// <summary>ml.Transforms.ScoreOnnxLandmarks runs the PyTorch-exported H3DE-Net in a pipeline on the managed interpreter and decodes its heads.</summary>
public sealed class ScoreOnnxLandmarksTests
{
    /// <summary>Sample <paramref name="sample"/> of a fixture input (N, 1, I, J, K) as a volume with a non-trivial geometry.</summary>
    private static Volume FixtureVolume(string name, int sample)
    {
        var input = ScoringFixtures.Inputs(ScoringFixtures.Model(name))["input"].Tensor;
        var x = input.Slice(0, sample, 1).Contiguous();
        var size = new VolumeSize(x.Size(2), x.Size(3), x.Size(4));
        var geometry = VolumeGeometry.AxisAligned(size, new Vector3d(0.5, 0.75, 1.25), new Vector3d(-10, 20, 5));
        return VolumeTensor.FromNetworkOutput(x.Reshape(1, size.I, size.J, size.K), geometry)[0];
    }

    private static Tensor Expected(string file, int sample) => ScoringFixtures.ReadValue(file).Tensor.Slice(0, sample, 1).Contiguous();

    [Theory]
    [InlineData("net_heatmap", "heatmap", OnnxLandmarkHead.Heatmap)]
    [InlineData("net_anchors", "anchors", OnnxLandmarkHead.Anchors)]
    public void Decodes_the_pytorch_network_into_landmarks(string name, string output, OnnxLandmarkHead head)
    {
        var ml = new MLContext(seed: 1);
        var volume = FixtureVolume(name, 0);
        var data = ScanRows.Of(ml, volume);
        var model = ml.Transforms.ScoreOnnxLandmarks(new OnnxScoringOptions
        {
            ModelPath = ScoringFixtures.PathOf(name + ".onnx"),
            LandmarkNames = ["a", "b", "c"],
            HeatmapDecodeMinimumVoxels = 20,
        }).Fit(data);
        Assert.Equal(head, model.DecodedHead);
        var prediction = Assert.Single(ScanRows.Predictions(ml, model.Transform(data)));

        // The prediction is PyTorch's output decoded, mapped to world coordinates.
        var expected = Expected($"{name}_{output}.npy", 0);
        var fromPyTorch = model.DecodeOutput(head == OnnxLandmarkHead.Heatmap ? new H3deNetOutput(expected, null) : new H3deNetOutput(null, expected));
        Assert.Equal(["a", "b", "c"], prediction.ToPoints(model.LandmarkNames).Select(p => p.Name));
        for (var l = 0; l < 3; l++)
        {
            var world = volume.Geometry.IndexToWorld(fromPyTorch[l].IndexIjk);
            var got = new Vector3d(prediction.PredictedLandmarks[3 * l], prediction.PredictedLandmarks[(3 * l) + 1], prediction.PredictedLandmarks[(3 * l) + 2]);
            Assert.True((got - world).Length < 1e-3, $"landmark {l}: {got} vs {world}");
            Assert.Equal(fromPyTorch[l].PresenceProbability, prediction.PresenceProbabilities[l], 4);
        }
    }

    [Fact]
    public void Saved_pipeline_reloads_with_the_model_bytes()
    {
        var ml = new MLContext(seed: 1);
        var data = ScanRows.Of(ml, FixtureVolume("net_anchors", 0));
        var model = ml.Transforms.ScoreOnnxLandmarks(ScoringFixtures.PathOf("net_anchors.onnx")).Fit(data);
        Assert.Equal(["L1", "L2", "L3"], model.LandmarkNames);
        var before = ScanRows.Predictions(ml, model.Transform(data));
        using var file = new MemoryStream();
        ml.Model.Save(model, null, file);
        file.Position = 0;
        var after = ScanRows.Predictions(ml, ml.Model.Load(file, out _).Transform(data));
        Assert.Equal(before[0].PredictedLandmarks, after[0].PredictedLandmarks);
        Assert.Equal(before[0].PresenceProbabilities, after[0].PresenceProbabilities);
    }

    [Fact]
    public void A_modified_model_entry_is_refused_on_load()
    {
        var ml = new MLContext(seed: 1);
        var data = ScanRows.Of(ml, FixtureVolume("net_anchors", 0));
        var model = ml.Transforms.ScoreOnnxLandmarks(ScoringFixtures.PathOf("net_anchors.onnx")).Fit(data);
        using var file = new MemoryStream();
        ml.Model.Save(model, null, file);
        var tampered = ModelZip.ReplaceEntry(file.ToArray(), OnnxScoringTransformer.ModelEntryName, bytes => { bytes[bytes.Length / 2] ^= 1; return bytes; });
        var e = Assert.ThrowsAny<Exception>(() => ml.Model.Load(new MemoryStream(tampered), out _));
        Assert.Contains("SHA-256", e.ToString());
    }

    [Fact]
    public void A_volume_smaller_than_the_fixed_input_is_padded_and_cropped()
    {
        var ml = new MLContext(seed: 1);
        var full = FixtureVolume("net_heatmap", 1);
        var small = new Volume(full.Voxels[..(36 * 24 * 16)], VolumeGeometry.AxisAligned(new VolumeSize(36, 24, 16)), VolumeElementType.Float32);
        var data = ScanRows.Of(ml, small);
        var scored = ml.Transforms.ScoreOnnxLandmarks(new OnnxScoringOptions { ModelPath = ScoringFixtures.PathOf("net_heatmap.onnx"), HeatmapDecodeMinimumVoxels = 20 })
            .Fit(data).Transform(data);
        var prediction = Assert.Single(ScanRows.Predictions(ml, scored));
        Assert.Equal(3, prediction.PresenceProbabilities.Length);
        for (var l = 0; l < 3; l++) Assert.InRange(prediction.PredictedLandmarks[3 * l], -1, 36);
    }
}
