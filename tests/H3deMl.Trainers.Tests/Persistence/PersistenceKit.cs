using System.Globalization;
using H3deMl.Core.Phantoms;
using H3deMl.Trainers.Tests.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Tests.Persistence;

/// <summary>One small trained model shared by the persistence tests (32³ phantoms, Tiny network, one epoch), saved as an
/// ML.NET zip, and how its predictions are written as float bits (as tests/H3deMl.ModelProbe prints them).</summary>
internal static class PersistenceKit
{
    public const int Size = 32;

    private static readonly string Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "h3de-persistence-" + Guid.NewGuid().ToString("N")[..12]);

    private static readonly Lazy<(ITransformer Model, string Path)> Shared = new(Train);

    static PersistenceKit()
    {
        System.IO.Directory.CreateDirectory(Directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>The fitted pipeline.</summary>
    public static ITransformer Model => Shared.Value.Model;

    /// <summary>The zip it was saved to (do not modify; copy it).</summary>
    public static string ZipPath => Shared.Value.Path;

    /// <summary>Phantoms of <see cref="Size"/>³ with the default options otherwise, as tests/H3deMl.ModelProbe generates them.</summary>
    public static PhantomSet Phantoms(MLContext ml, int count, int seed) =>
        new(ml.Data.GeneratePhantoms(count, seed, new PhantomOptions { SizeI = Size, SizeJ = Size, SizeK = Size }));

    /// <summary>LoadVolume → NormalizeIntensity → RandomCrop, augmentation and heatmap targets (training only) → Tiny H3DE-Net.</summary>
    public static EstimatorChain<Model.H3deNetModel> Pipeline(MLContext ml, int epochs = 1) =>
        ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(24, 24, 24), TransformerScope.Training)
            .Append(ml.Transforms.RandomFlip(), TransformerScope.Training)
            .Append(ml.Transforms.RandomIntensity(), TransformerScope.Training)
            .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 4), TransformerScope.Training)
            .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
            {
                Architecture = H3deNetArchitecture.Tiny,
                Epochs = epochs,
                BatchSize = 1,
                LearningRate = 6e-3,
                HeatmapDecodeMinimumVoxels = 10,
            }));

    /// <summary>A prediction as one line: id, PredictedLandmarks bits, PresenceProbabilities bits, decisions.</summary>
    public static string Line(string id, LandmarkPrediction p) => string.Join(' ',
        id,
        Bits(p.PredictedLandmarks),
        Bits(p.PresenceProbabilities),
        string.Concat(p.PresenceDecisions.Select(d => d ? '1' : '0')));

    /// <summary>The predictions of an engine for the inputs, as lines.</summary>
    public static string[] Lines(MLContext ml, ITransformer model, IEnumerable<ScanInput> inputs)
    {
        var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model);
        return [.. inputs.Select(i => Line(i.Id.Length > 0 ? i.Id : System.IO.Path.GetFileName(i.ScanPath), engine.Predict(i)))];
    }

    /// <summary>A new path in a temporary folder that is deleted when the test process exits.</summary>
    public static string TempPath(string extension) => System.IO.Path.Combine(Directory, Guid.NewGuid().ToString("N")[..12] + extension);

    private static string Bits(float[] values) =>
        string.Join(',', values.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture)));

    private static (ITransformer, string) Train()
    {
        var ml = new MLContext(seed: 11);
        IDataView train = ml.Data.GeneratePhantoms(3, seed: 11, TrainingTestKit.Phantoms(Size));
        ITransformer model = Pipeline(ml).Fit(train);
        string path = TempPath(".zip");
        ml.Model.Save(model, train.Schema, path);
        return (model, path);
    }
}

/// <summary>Phantoms as a data view and as prediction-engine inputs.</summary>
internal sealed class PhantomSet(IDataView data)
{
    public IDataView Data { get; } = data;

    public ScanInput[] Inputs(MLContext ml) => [.. ml.Data.CreateEnumerable<ScanInput>(Data, reuseRowObject: false)];
}
