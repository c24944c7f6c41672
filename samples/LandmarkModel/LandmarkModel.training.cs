// This file is in the style Model Builder generates for training: the pipeline that produced the model, and retraining.
using H3deMl;
using Microsoft.ML;

namespace LandmarkModel_ConsoleApp;

public partial class LandmarkModel
{
    /// <summary>Trains the model on a dataset folder and saves it to <paramref name="outputModelPath"/>.</summary>
    /// <param name="outputModelPath">Where to save the ML.NET zip.</param>
    /// <param name="inputDataFolder">Scans with landmark files (see <c>ml.Data.LoadScans</c>).</param>
    public static void Train(string outputModelPath, string inputDataFolder)
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = mlContext.Data.LoadScans(inputDataFolder);
        ITransformer model = RetrainModel(mlContext, data);
        mlContext.Model.Save(model, data.Schema, outputModelPath);
    }

    /// <summary>Fits the pipeline on <paramref name="trainData"/>.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="trainData">Scans with ground-truth landmarks.</param>
    /// <returns>The trained model.</returns>
    public static ITransformer RetrainModel(MLContext mlContext, IDataView trainData) =>
        BuildPipeline(mlContext).Fit(trainData);

    /// <summary>The training pipeline: load, normalise, (training only) crop and encode targets, H3DE-Net.</summary>
    /// <param name="mlContext">The context.</param>
    /// <returns>The pipeline.</returns>
    public static IEstimator<ITransformer> BuildPipeline(MLContext mlContext) =>
        mlContext.Transforms.LoadVolume()
            .Append(mlContext.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(mlContext.Transforms.RandomCrop(32, 32, 32), TransformerScope.Training)
            .Append(mlContext.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), TransformerScope.Training)
            .Append(mlContext.Landmarks.Trainers.H3deNet(new H3deNetOptions
            {
                Architecture = H3deNetArchitecture.Tiny,
                Epochs = 20,
                BatchSize = 1,
                LearningRate = 6e-3,
                HeatmapDecodeMinimumVoxels = 20,
            }));
}
