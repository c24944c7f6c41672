using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Evaluators;

/// <summary>Reads the <see cref="EvaluationCase"/> of the row a cursor is on.</summary>
internal sealed class EvaluationRowReader
{
    private readonly EvaluationColumns _columns;
    private readonly double? _threshold;
    private readonly ValueGetter<VBuffer<float>> _label;
    private readonly ValueGetter<VBuffer<float>> _score;
    private readonly ValueGetter<VBuffer<float>>? _probabilities;
    private readonly ValueGetter<VBuffer<bool>>? _decisions;
    private readonly ValueGetter<Volume>? _volume;
    private readonly CaseIdReader _caseId;
    private VBuffer<float> _labelBuffer;
    private VBuffer<float> _scoreBuffer;
    private VBuffer<float> _probabilityBuffer;
    private VBuffer<bool> _decisionBuffer;

    public EvaluationRowReader(DataViewRowCursor cursor, EvaluationColumns columns, LandmarkEvaluationOptions options)
    {
        _caseId = new CaseIdReader(cursor);
        _columns = columns;
        _threshold = options.PresenceThreshold;
        _label = cursor.GetGetter<VBuffer<float>>(columns.Label);
        _score = cursor.GetGetter<VBuffer<float>>(columns.Score);
        _probabilities = columns.Probabilities is { } p ? cursor.GetGetter<VBuffer<float>>(p) : null;
        _decisions = columns.Decisions is { } d ? cursor.GetGetter<VBuffer<bool>>(d) : null;
        _volume = columns.Volume is { } v ? cursor.GetGetter<Volume>(v) : null;
    }

    /// <summary>The case of the current row.</summary>
    public EvaluationCase Read()
    {
        float[] truth = Dense(_label, ref _labelBuffer);
        float[] predicted = Dense(_score, ref _scoreBuffer);
        float[]? probabilities = _probabilities is null ? null : Dense(_probabilities, ref _probabilityBuffer);
        bool[]? decisions = null;
        if (_decisions is not null)
        {
            _decisions(ref _decisionBuffer);
            decisions = new bool[_decisionBuffer.Length];
            _decisionBuffer.CopyTo(decisions);
        }

        var landmarks = new LandmarkObservation[_columns.Match.Names.Length];
        for (int n = 0; n < landmarks.Length; n++)
        {
            int l = _columns.Match.LabelIndices[n], s = _columns.Match.ScoreIndices[n];
            Vector3d p = Position(predicted, s);
            double probability = probabilities is null ? double.NaN : probabilities[s];
            bool present = _threshold is double t ? probability >= t : decisions?[s] ?? p.IsFinite;
            landmarks[n] = new LandmarkObservation(_columns.Match.Names[n], Position(truth, l), p, present, probability);
        }

        Volume? volume = null;
        _volume?.Invoke(ref volume!);
        return new EvaluationCase(_caseId.Read(), landmarks, volume?.Geometry);
    }

    private static Vector3d Position(float[] values, int landmark) =>
        new(values[3 * landmark], values[(3 * landmark) + 1], values[(3 * landmark) + 2]);

    private static float[] Dense(ValueGetter<VBuffer<float>> getter, ref VBuffer<float> buffer)
    {
        getter(ref buffer);
        var values = new float[buffer.Length];
        buffer.CopyTo(values);
        return values;
    }
}
