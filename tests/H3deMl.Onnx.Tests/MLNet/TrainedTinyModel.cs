using H3deMl.Core.Phantoms;
using H3deMl.Trainers.Network;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Onnx.Tests.MLNet;

/// <summary>A Tiny H3DE-Net with both heads trained for one epoch on 32³ phantoms (seconds), exported at 32³; shared by
/// the tests of a class.</summary>
public sealed class TrainedTinyModel : IDisposable
{
    /// <summary>The window the network is trained and exported at.</summary>
    public const int Size = 32;

    private readonly string _folder = Directory.CreateTempSubdirectory("onnx-tiny-").FullName;

    /// <summary>Trains and exports.</summary>
    public TrainedTinyModel()
    {
        Ml = new MLContext(seed: 1);
        var phantoms = new PhantomOptions { SizeI = Size, SizeJ = Size, SizeK = Size };
        Phantoms = Ml.Data.GeneratePhantoms(4, seed: 1, phantoms);
        var pipeline = Ml.Transforms.LoadVolume()
            .Append(Ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(Ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), TransformerScope.Training)
            .Append(Ml.Transforms.EncodeAnchorTargets(), TransformerScope.Training)
            .Append(Ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
            {
                Architecture = H3deNetArchitecture.Tiny with { Head = H3deHead.Both },
                Head = H3deHead.Both,
                Epochs = 1,
                BatchSize = 2,
                LearningRate = 6e-3,
                HeatmapDecodeMinimumVoxels = 20,
            }));
        Model = pipeline.Fit(Phantoms);
        OnnxPath = Path.Combine(_folder, "tiny.onnx");
        Ml.Model.ExportToOnnx(Model, OnnxPath);
    }

    /// <summary>The context.</summary>
    public MLContext Ml { get; }

    /// <summary>The phantoms (4, 32³).</summary>
    public IDataView Phantoms { get; }

    /// <summary>The fitted pipeline: LoadVolume, NormalizeIntensity, (training-only target encoders), the trained network.</summary>
    public ITransformer Model { get; }

    /// <summary>The exported .onnx file.</summary>
    public string OnnxPath { get; }

    /// <summary>The model's own predictions on the phantoms, in row order.</summary>
    public List<LandmarkPrediction> OwnPredictions() =>
        [.. Ml.Data.CreateEnumerable<LandmarkPrediction>(Model.GetH3deNetModel().Transform(Prepared()), reuseRowObject: false)];

    /// <summary>The phantoms as the network sees them: loaded and normalised like in training.</summary>
    public IDataView Prepared() =>
        Ml.Transforms.LoadVolume().Append(Ml.Transforms.NormalizeIntensity(-1000, 2000)).Fit(Phantoms).Transform(Phantoms);

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
