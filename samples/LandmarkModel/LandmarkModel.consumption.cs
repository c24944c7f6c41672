// This file is in the style Model Builder generates for a trained model: input/output classes and a static Predict
// over a lazily created prediction engine.
using H3deMl;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LandmarkModel_ConsoleApp;

/// <summary>Landmark detection with a trained H3DE-Net model (LandmarkModel.zip).</summary>
public partial class LandmarkModel
{
    /// <summary>The model input: a scan on disk (image file or DICOM folder) or in memory.</summary>
    public class ModelInput
    {
        /// <summary>The case identifier.</summary>
        [ColumnName(@"Id")]
        public string Id { get; set; } = "";

        /// <summary>The image file (.nii.gz, .nrrd, .mha) or DICOM folder.</summary>
        [ColumnName(@"ScanPath")]
        public string ScanPath { get; set; } = "";

        /// <summary>A scan already in memory (instead of <see cref="ScanPath"/>).</summary>
        [ColumnName(@"Volume")]
        [VolumeType]
        public Volume? Volume { get; set; }
    }

    /// <summary>The model output: 3 floats per landmark (world LPS mm) and presence.</summary>
    public class ModelOutput
    {
        /// <summary>L, P, S millimetres of each landmark, in <see cref="LandmarkNames"/> order.</summary>
        [ColumnName(@"PredictedLandmarks")]
        public float[] PredictedLandmarks { get; set; } = [];

        /// <summary>The probability that each landmark is in the scan.</summary>
        [ColumnName(@"PresenceProbabilities")]
        public float[] PresenceProbabilities { get; set; } = [];

        /// <summary>Whether each landmark is in the scan.</summary>
        [ColumnName(@"PresenceDecisions")]
        public bool[] PresenceDecisions { get; set; } = [];
    }

    /// <summary>Where the trained model is.</summary>
    public static string MLNetModelPath = Path.GetFullPath("LandmarkModel.zip");

    private static readonly Lazy<(PredictionEngine<ModelInput, ModelOutput> Engine, IReadOnlyList<string> Names)> PredictEngine = new(CreatePredictEngine, true);

    /// <summary>The landmark names, in output order.</summary>
    public static IReadOnlyList<string> LandmarkNames => PredictEngine.Value.Names;

    /// <summary>Predicts the landmarks of one scan.</summary>
    /// <param name="input">The scan.</param>
    /// <returns>The landmarks.</returns>
    public static ModelOutput Predict(ModelInput input) => PredictEngine.Value.Engine.Predict(input);

    private static (PredictionEngine<ModelInput, ModelOutput>, IReadOnlyList<string>) CreatePredictEngine()
    {
        var mlContext = new MLContext();
        ITransformer mlModel = mlContext.Model.Load(MLNetModelPath, out _);
        return (mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(mlModel), mlModel.GetLandmarkNames());
    }
}
