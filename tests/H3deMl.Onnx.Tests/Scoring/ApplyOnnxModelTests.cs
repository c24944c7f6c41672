using H3deMl.Core.Geometry;
using H3deMl.Core.Pipeline;
using H3deMl.Core.Volumes;
using H3deMl.Onnx.Scoring;
using H3deMl.Tensors;
using H3deMl.TestKit;
using H3deMl.Trainers.Network;
using H3deMl.Transforms.Conversion;

namespace H3deMl.Onnx.Tests.Scoring;

/// <summary>ml.Transforms.ApplyOnnxModel runs the PyTorch-exported H3DE-Net in a pipeline and decodes its heads.</summary>
public sealed class ApplyOnnxModelTests
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
        var ml = new H3deContext(seed: 1);
        var volume = FixtureVolume(name, 0);
        var data = ml.Data.LoadFromEnumerable([volume]);
        var estimator = ml.Transforms.ApplyOnnxModel(new OnnxApplyOptions
        {
            ModelPath = ScoringFixtures.PathOf(name + ".onnx"),
            LandmarkNames = ["a", "b", "c"],
            HeatmapDecodeMinimumVoxels = 20,
        });
        var model = estimator.Fit(data);
        Assert.Equal(head, model.DecodedHead);
        var row = model.Transform(data).GetRow(0);

        // The stored output is PyTorch's.
        var expected = Expected($"{name}_{output}.npy", 0);
        var stored = row.GetFeature<Tensor>("onnx:" + output);
        Tolerance.AssertClose(stored.ToArray(), expected.ToArray(), 1e-4, name);

        // The prediction is PyTorch's output decoded, mapped to world coordinates.
        var fromPyTorch = model.DecodeOutput(head == OnnxLandmarkHead.Heatmap ? new H3deNetOutput(expected, null) : new H3deNetOutput(null, expected));
        var prediction = row.Prediction!;
        Assert.Equal(["a", "b", "c"], prediction.Landmarks.Names.ToArray());
        for (var l = 0; l < 3; l++)
        {
            var world = volume.Geometry.IndexToWorld(fromPyTorch[l].IndexIjk);
            var got = prediction.Landmarks[l].PositionLps;
            Assert.True((got - world).Length < 1e-3, $"landmark {l}: {got} vs {world}");
            Assert.Equal(fromPyTorch[l].PresenceProbability, prediction.PresenceProbabilities[l], 4);
        }
    }

    [Fact]
    public void Saved_pipeline_reloads_with_the_model_bytes()
    {
        var ml = new H3deContext(seed: 1);
        var volume = FixtureVolume("net_anchors", 0);
        var data = ml.Data.LoadFromEnumerable([volume]);
        var model = ml.Transforms.ApplyOnnxModel(ScoringFixtures.PathOf("net_anchors.onnx")).Fit(data);
        var before = model.Transform(data).GetRow(0);
        using var file = new MemoryStream();
        ml.Model.Save(model, file);
        file.Position = 0;
        var loaded = ml.Model.Load(file);
        var after = loaded.Transform(data).GetRow(0);
        Assert.Equal(before.Prediction!.Landmarks.Landmarks.Select(l => l.PositionLps), after.Prediction!.Landmarks.Landmarks.Select(l => l.PositionLps));
        Assert.Equal(before.GetFeature<Tensor>("onnx:anchors").ToArray(), after.GetFeature<Tensor>("onnx:anchors").ToArray());
    }

    [Fact]
    public void A_volume_smaller_than_the_fixed_input_is_padded_and_cropped()
    {
        var ml = new H3deContext(seed: 1);
        var full = FixtureVolume("net_heatmap", 1);
        var small = new Volume(full.Voxels[..(36 * 24 * 16)], VolumeGeometry.AxisAligned(new VolumeSize(36, 24, 16)), VolumeElementType.Float32);
        var data = ml.Data.LoadFromEnumerable([small]);
        var row = ml.Transforms.ApplyOnnxModel(new OnnxApplyOptions { ModelPath = ScoringFixtures.PathOf("net_heatmap.onnx"), HeatmapDecodeMinimumVoxels = 20 })
            .Fit(data).Transform(data).GetRow(0);
        Assert.Equal(3, row.Prediction!.Landmarks.Count);
        Assert.All(row.Prediction.Landmarks.Landmarks, l => Assert.InRange(l.PositionLps.X, -1, 36));
    }
}
