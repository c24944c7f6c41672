using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Tensors;
using H3deMl.Transforms.Targets;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Training;

/// <summary>The columns the trainer reads from its prepared training data, checked once before training starts.</summary>
internal sealed class TrainingColumns
{
    public TrainingColumns(DataViewSchema schema, H3deNetOptions options)
    {
        Volume = Require(schema, options.VolumeColumnName, "scan", t => t is VolumeDataViewType, "a Volume (ml.Transforms.LoadVolume())");
        DataViewSchema.Column landmarks = Require(schema, options.LandmarksColumnName, "landmark",
            t => t is VectorDataViewType { Size: > 0 } v && v.ItemType == NumberDataViewType.Single && v.Size % 3 == 0, "3 floats per landmark (ml.Data.LoadScans)");
        LandmarkNames = LandmarkColumn.Names(landmarks);
        if (options.Head is H3deHead.Heatmap or H3deHead.Both)
        {
            Heatmap = Require(schema, ScanColumnNames.HeatmapTargets, "heatmap target", t => t.RawType == typeof(Tensor), "heatmap targets: append ml.Transforms.EncodeHeatmapTargets() with TransformerScope.Training");
        }

        if (options.Head is H3deHead.Anchors or H3deHead.Both)
        {
            Anchors = Require(schema, ScanColumnNames.AnchorTargets, "anchor target", t => t.RawType == typeof(AnchorTargets), "anchor targets: append ml.Transforms.EncodeAnchorTargets() with TransformerScope.Training");
        }
    }

    public DataViewSchema.Column Volume { get; }

    public DataViewSchema.Column? Heatmap { get; }

    public DataViewSchema.Column? Anchors { get; }

    public IReadOnlyList<string> LandmarkNames { get; }

    public IEnumerable<DataViewSchema.Column> All => new[] { Volume, Heatmap, Anchors }.Where(c => c is not null).Select(c => c!.Value);

    /// <summary>Reads the sample at the cursor's current row.</summary>
    public Func<TrainingSample> Reader(DataViewRowCursor cursor)
    {
        ValueGetter<Volume> volume = cursor.GetGetter<Volume>(Volume);
        ValueGetter<Tensor>? heatmap = Heatmap is { } h ? cursor.GetGetter<Tensor>(h) : null;
        ValueGetter<AnchorTargets>? anchors = Anchors is { } a ? cursor.GetGetter<AnchorTargets>(a) : null;
        return () =>
        {
            Volume v = null!;
            Tensor? t = null;
            AnchorTargets? at = null;
            volume(ref v);
            heatmap?.Invoke(ref t!);
            anchors?.Invoke(ref at!);
            return new TrainingSample(v, t, at);
        };
    }

    private static DataViewSchema.Column Require(DataViewSchema schema, string name, string role, Func<DataViewType, bool> accepts, string expected)
    {
        DataViewSchema.Column column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"H3deNet trainer: the {role} column '{name}' is not in the training data; expected {expected}.");
        return accepts(column.Type)
            ? column
            : throw new ArgumentOutOfRangeException(nameof(schema), $"H3deNet trainer: the {role} column '{name}' is {column.Type}; expected {expected}.");
    }
}
