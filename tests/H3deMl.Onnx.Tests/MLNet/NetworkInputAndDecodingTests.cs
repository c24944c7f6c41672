using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Onnx.Decoding;
using H3deMl.Onnx.Tests.Export;
using H3deMl.Onnx.Tests.Scoring;
using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Conversion;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Onnx.Tests.MLNet;

/// <summary>ExtractNetworkInput and DecodeLandmarks on their own (no native runtime): the network's input layout, the size
/// check, decoding outputs computed elsewhere exactly as the model does, and both saved in ML.NET zips.</summary>
public sealed class NetworkInputAndDecodingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("onnx-decoding-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Volume RandomVolume(int i, int j, int k, ulong seed)
    {
        var random = new RandomStream(seed);
        var size = new VolumeSize(i, j, k);
        var voxels = new float[size.VoxelCount];
        for (var n = 0; n < voxels.Length; n++) voxels[n] = random.NextSingle();
        return new Volume(voxels, VolumeGeometry.AxisAligned(size, new Vector3d(0.8, 0.7, 1.5), new Vector3d(3, -4, 5)), VolumeElementType.Float32);
    }

    [Fact]
    public void ExtractNetworkInput_writes_the_network_layout_in_a_known_size_column()
    {
        var ml = new MLContext(seed: 1);
        var volume = RandomVolume(8, 6, 4, 1);
        var scored = ml.Transforms.ExtractNetworkInput(8, 6, 4).Fit(ScanRows.Of(ml, volume)).Transform(ScanRows.Of(ml, volume));
        var column = scored.Schema["image"];
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 8 * 6 * 4), column.Type);
        var values = scored.GetColumn<float[]>("image").Single();
        Assert.Equal(VolumeTensor.ToNetworkInput(volume).ToArray(), values);
    }

    [Fact]
    public void ExtractNetworkInput_refuses_another_size_naming_both()
    {
        var ml = new MLContext(seed: 1);
        var data = ScanRows.Of(ml, RandomVolume(8, 6, 5, 1));
        var scored = ml.Transforms.ExtractNetworkInput(8, 6, 4).Fit(data).Transform(data);
        var e = Assert.Throws<ScanStepException>(() => scored.GetColumn<float[]>("image").ToList());
        Assert.Contains("8×6×5", e.Message);
        Assert.Contains("exactly 8×6×4", e.Message);
        Assert.Equal("ExtractNetworkInput", e.StepName);
    }

    [Fact]
    public void DecodeLandmarks_on_the_networks_outputs_gives_the_models_prediction()
    {
        var ml = new MLContext(seed: 1);
        var window = SeededModels.SmallWindow;
        var model = SeededModels.Create(ml, SeededModels.SmallBoth, seed: 11, window);
        var volume = RandomVolume(window[0], window[1], window[2], 3);
        H3deMl.Trainers.Network.H3deNetOutput output;
        using (GradMode.NoGrad())
        {
            var x = VolumeTensor.ToNetworkInput(volume);
            output = SeededModels.Network(model).Forward(x.Reshape([1, .. x.Shape]));
        }

        var rows = ml.Data.LoadFromEnumerable([new DecodeRow { Volume = volume, heatmap = output.Heatmap!.ToArray(), anchors = output.Anchors!.ToArray() }]);
        var path = Path.Combine(_folder, "small.onnx");
        ml.Model.ExportToOnnx(model, path);
        var decoder = ml.Transforms.DecodeLandmarks(path).Fit(rows);
        Assert.Equal("anchors", decoder.Options.AnchorsColumnName);
        Assert.Equal(0.4, decoder.Options.PresenceThreshold);

        var expected = ScanRows.Predictions(ml, model.Transform(ScanRows.Of(ml, volume)));
        var actual = ScanRows.Predictions(ml, decoder.Transform(rows));
        OnnxRuntimePipelineTests.AssertSameLandmarks(expected, actual);
        Assert.Equal(expected[0].PredictedLandmarks, actual[0].PredictedLandmarks);

        // Saved and loaded in an ML.NET zip, it decodes the same.
        using var zip = new MemoryStream();
        ml.Model.Save(decoder, rows.Schema, zip);
        zip.Position = 0;
        var reloaded = ScanRows.Predictions(ml, ml.Model.Load(zip, out _).Transform(rows));
        Assert.Equal(actual[0].PredictedLandmarks, reloaded[0].PredictedLandmarks);
    }

    [Fact]
    public void DecodeLandmarks_refuses_outputs_that_do_not_fit()
    {
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.LoadFromEnumerable([new DecodeRow { Volume = RandomVolume(8, 8, 8, 1), heatmap = new float[2 * 8 * 8 * 7] }]);
        var decoder = ml.Transforms.DecodeLandmarks(new LandmarkDecodingOptions { LandmarkNames = ["a", "b"], WindowSize = [8, 8, 8] }).Fit(rows);
        var e = Assert.Throws<ScanStepException>(() => ScanRows.Predictions(ml, decoder.Transform(rows)));
        Assert.Contains("896", e.Message);
        Assert.Contains("1024", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ml.Transforms.DecodeLandmarks(new LandmarkDecodingOptions { LandmarkNames = ["a"], WindowSize = [8, 8] }));
    }

    [Fact]
    public void ExtractNetworkInput_round_trips_through_an_MLNet_zip()
    {
        var ml = new MLContext(seed: 1);
        var volume = RandomVolume(8, 6, 4, 2);
        var data = ScanRows.Of(ml, volume);
        var step = ml.Transforms.ExtractNetworkInput(8, 6, 4, outputColumnName: "x").Fit(data);
        using var zip = new MemoryStream();
        ml.Model.Save(step, null, zip);
        zip.Position = 0;
        var loaded = ml.Model.Load(zip, out _);
        Assert.Equal(step.Transform(data).GetColumn<float[]>("x").Single(), loaded.Transform(data).GetColumn<float[]>("x").Single());
    }
}
