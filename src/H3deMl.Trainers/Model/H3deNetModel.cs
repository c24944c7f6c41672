using H3deMl.Core.Data;
using H3deMl.Core.MLNet;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(H3deNetModel), null, typeof(SignatureLoadModel), "H3DE-Net landmark model", H3deNetModel.LoaderSignature)]

namespace H3deMl.Trainers.Model;

/// <summary>A trained H3DE-Net: finds the landmarks of each scan and maps them to world LPS millimetres of the original scan.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input columns</term><description><c>Volume</c>, prepared as for training (a larger scan is covered with
/// half-overlapping windows of the training crop size)</description></item>
/// <item><term>Output columns</term><description><c>PredictedLandmarks</c> (3 floats per landmark, slot names
/// "Name.L/P/S"), <c>PresenceProbabilities</c>, <c>PresenceDecisions</c> (probability ≥ <see cref="PresenceThreshold"/>)</description></item>
/// </list>
/// <para>Saved into ML.NET model zips: its options as JSON and its weights as one <c>weights.safetensors</c> entry with the
/// reference parameter names, checked by length and SHA-256 on load.</para>
/// </remarks>
public sealed partial class H3deNetModel : ScanTransformerBase, ISingleFeaturePredictionTransformer<H3deNet>
{
    internal const string LoaderSignature = "H3deNetLandmarkModel";
    /// <summary>The row feature holding a <see cref="ScanPrediction"/>, which the output columns read.</summary>
    internal const string PredictionKey = "H3deNet.Prediction";
    private readonly NetworkInference _inference;

    internal H3deNetModel(IHostEnvironment environment, H3deNet network, H3deNetModelOptions options)
        : base(environment, nameof(H3deNetModel))
    {
        Model = network;
        Options = options;
        network.Eval();
        int[] w = options.WindowSize;
        _inference = new NetworkInference(network, (w[0], w[1], w[2]), options.HeatmapDecodeMinimumVoxels, options.AnchorRadiiCells);
        Mapping = CreateMapping(options.LandmarkNames, ScanColumnNames.Volume, Predict);
    }

    /// <summary>The network.</summary>
    public H3deNet Model { get; }

    /// <summary>The model's options: architecture, landmark names, window, decoding and presence threshold.</summary>
    public H3deNetModelOptions Options { get; }

    /// <summary>The landmark names, in output order.</summary>
    public IReadOnlyList<string> LandmarkNames => Options.LandmarkNames;

    /// <summary>The presence probability at or above which a landmark is reported present.</summary>
    public double PresenceThreshold => Options.PresenceThreshold;

    /// <summary>The input column: the prepared scan.</summary>
    public string FeatureColumnName => ScanColumnNames.Volume;

    /// <summary>The input column's type.</summary>
    public DataViewType FeatureColumnType => VolumeDataViewType.Instance;

    internal NetworkInference Inference => _inference;

    internal override ScanRowMapping Mapping { get; }

    /// <summary>The columns of a model trained with <paramref name="options"/>, for schema propagation before training.</summary>
    internal static ScanRowMapping ShapeMapping(H3deNetOptions options) =>
        CreateMapping([], options.VolumeColumnName, (row, _) => row);

    private static ScanRowMapping CreateMapping(IReadOnlyList<string> names, string volumeColumn, Func<ScanRow, ScanRowContext, ScanRow> predict) =>
        new(
            "H3deNet",
            new ScanInputColumns(volumeColumn, null),
            _ => Outputs(names),
            _ => OutputShapes(),
            predict);

    /// <summary>The shapes of the three prediction columns, for estimator schema propagation.</summary>
    internal static SchemaShape.Column[] OutputShapes() =>
    [
        ScanSchemaShape.VectorColumn(ScanColumnNames.PredictedLandmarks, NumberDataViewType.Single, withSlotNames: true),
        ScanSchemaShape.VectorColumn(ScanColumnNames.PresenceProbabilities, NumberDataViewType.Single, withSlotNames: true),
        ScanSchemaShape.VectorColumn(ScanColumnNames.PresenceDecisions, BooleanDataViewType.Instance, withSlotNames: true),
    ];

    /// <summary>The three prediction columns, read from the <see cref="ScanPrediction"/> stored under <see cref="PredictionKey"/>.</summary>
    internal static IReadOnlyList<ScanOutputColumn> Outputs(IReadOnlyList<string> names)
    {
        DataViewSchema.Annotations perLandmark = SlotNames.Annotations([.. names]);
        return
        [
            ScanOutputColumn.Floats(ScanColumnNames.PredictedLandmarks, 3 * names.Count, LandmarkColumn.SlotNameAnnotations(names), row => row.GetFeature<ScanPrediction>(PredictionKey).Positions),
            ScanOutputColumn.Floats(ScanColumnNames.PresenceProbabilities, names.Count, perLandmark, row => row.GetFeature<ScanPrediction>(PredictionKey).Probabilities),
            ScanOutputColumn.Booleans(ScanColumnNames.PresenceDecisions, names.Count, perLandmark, row => row.GetFeature<ScanPrediction>(PredictionKey).Decisions),
        ];
    }

    private ScanRow Predict(ScanRow row, ScanRowContext context)
    {
        Core.Volumes.Volume volume = row.RequireVolume("H3deNet");
        DecodedLandmark[] decoded = _inference.Predict(volume, context.CancellationToken);
        return row.WithFeature(PredictionKey, ScanPrediction.From(decoded, volume.Geometry, Options.PresenceThreshold));
    }
}
