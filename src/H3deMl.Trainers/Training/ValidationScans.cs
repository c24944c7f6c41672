using H3deMl.Core.Landmarks;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Training;

/// <summary>The validation scans, prepared like the training data but in their scoring form, with their ground truth
/// in the training data's landmark order (matched by name).</summary>
internal sealed class ValidationScans
{
    private readonly IDataView _data;
    private readonly DataViewSchema.Column _volume;
    private readonly DataViewSchema.Column _landmarks;
    private readonly int[] _trainingToValidation;

    public ValidationScans(IDataView prepared, H3deNetOptions options, IReadOnlyList<string> trainingNames)
    {
        _data = prepared;
        _volume = prepared.Schema.GetColumnOrNull(options.VolumeColumnName) is { Type: VolumeDataViewType } v
            ? v
            : throw new ArgumentException($"The validation data has no Volume column '{options.VolumeColumnName}' after preparation; give scans as loaded by ml.Data.LoadScans.", nameof(options));
        _landmarks = prepared.Schema.GetColumnOrNull(options.LandmarksColumnName)
            ?? throw new ArgumentException($"The validation data has no landmark column '{options.LandmarksColumnName}'.", nameof(options));
        _trainingToValidation = LandmarkNameMatch.Map(trainingNames, LandmarkColumn.Names(_landmarks), "training", "validation");
    }

    /// <summary>Each validation scan and its truth (in the training order; landmarks the validation data lacks are missing).</summary>
    public IEnumerable<(Volume Volume, LandmarkSet Truth)> Read(IReadOnlyList<string> trainingNames, CancellationToken cancellationToken)
    {
        using ScanCancellation.Scope scope = ScanCancellation.Use(cancellationToken);
        using DataViewRowCursor cursor = _data.GetRowCursor([_volume, _landmarks]);
        ValueGetter<Volume> volume = cursor.GetGetter<Volume>(_volume);
        ValueGetter<VBuffer<float>> landmarks = cursor.GetGetter<VBuffer<float>>(_landmarks);
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            Volume v = null!;
            volume(ref v);
            landmarks(ref buffer);
            float[] values = buffer.DenseValues().ToArray();
            var reordered = new float[3 * trainingNames.Count];
            for (int l = 0; l < trainingNames.Count; l++)
            {
                int source = _trainingToValidation[l];
                for (int axis = 0; axis < 3; axis++)
                {
                    reordered[(3 * l) + axis] = source < 0 ? float.NaN : values[(3 * source) + axis];
                }
            }

            yield return (v, LandmarkColumn.FromVector(reordered, trainingNames));
        }
    }
}
