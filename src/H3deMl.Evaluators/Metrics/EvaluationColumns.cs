using H3deMl.Core.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Evaluators;

/// <summary>The columns an evaluation reads, checked against the data's schema.</summary>
internal sealed class EvaluationColumns
{
    private const string LandmarkVector = "a known-size vector of Single, 3 per landmark (L, P, S millimetres)";

    private EvaluationColumns(DataViewSchema schema, LandmarkEvaluationOptions options)
    {
        Label = Require(schema, options.LabelColumnName, "label", IsLandmarkVector, LandmarkVector);
        Score = Require(schema, options.ScoreColumnName, "score", IsLandmarkVector, LandmarkVector);
        Match = LandmarkNameMatch.Create(Label.Name, LandmarkColumn.Names(Label), Score.Name, LandmarkColumn.Names(Score));
        int scoreCount = ((VectorDataViewType)Score.Type).Size / 3;
        Probabilities = Optional(schema, options.PresenceProbabilitiesColumnName, "presence probabilities", t => IsVectorOf(t, NumberDataViewType.Single, scoreCount),
            $"a vector of {scoreCount} Single, one per landmark of the score column '{Score.Name}'");
        Decisions = options.PresenceThreshold is null
            ? Optional(schema, options.PresenceDecisionsColumnName, "presence decisions", t => IsVectorOf(t, BooleanDataViewType.Instance, scoreCount),
                $"a vector of {scoreCount} Boolean, one per landmark of the score column '{Score.Name}'")
            : null;
        if (options.PresenceThreshold is not null && Probabilities is null)
        {
            throw new ArgumentOutOfRangeException("data", $"A presence threshold was given, but the presence probabilities column '{options.PresenceProbabilitiesColumnName}' is not in the data.");
        }

        CaseId = [.. CaseIdReader.Columns(schema)];
        Volume = schema.GetColumnOrNull(ScanColumnNames.Volume) is { Type: VolumeDataViewType } v ? v : null;
    }

    /// <summary>The ground-truth column.</summary>
    public DataViewSchema.Column Label { get; }

    /// <summary>The predicted-landmark column.</summary>
    public DataViewSchema.Column Score { get; }

    /// <summary>The landmarks the two columns share.</summary>
    public LandmarkNameMatch Match { get; }

    /// <summary>The presence probabilities, when the data has them.</summary>
    public DataViewSchema.Column? Probabilities { get; }

    /// <summary>The presence decisions, when the data has them and no threshold replaces them.</summary>
    public DataViewSchema.Column? Decisions { get; }

    /// <summary>The columns naming the cases (<see cref="CaseIdReader"/>).</summary>
    public IReadOnlyList<DataViewSchema.Column> CaseId { get; }

    /// <summary>The scan (<see cref="VolumeDataViewType"/>), when the data has one.</summary>
    public DataViewSchema.Column? Volume { get; }

    /// <summary>Every column read.</summary>
    public IEnumerable<DataViewSchema.Column> All =>
        new[] { Label, Score, Probabilities, Decisions, Volume }.Where(c => c is not null).Select(c => c!.Value).Concat(CaseId);

    /// <summary>Checks the schema against the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type (the message names it).</exception>
    /// <exception cref="ArgumentException">The label and score columns share no landmark name, or one names a landmark twice.</exception>
    public static EvaluationColumns Bind(DataViewSchema schema, LandmarkEvaluationOptions options) => new(schema, options);

    private static bool IsLandmarkVector(DataViewType type) =>
        type is VectorDataViewType { Size: > 0 } v && v.ItemType == NumberDataViewType.Single && v.Size % 3 == 0;

    private static bool IsVectorOf(DataViewType type, DataViewType item, int size) =>
        type is VectorDataViewType v && v.ItemType == item && v.Size == size;

    private static DataViewSchema.Column Require(DataViewSchema schema, string name, string role, Func<DataViewType, bool> accepts, string expected) =>
        Optional(schema, name, role, accepts, expected)
        ?? throw new ArgumentOutOfRangeException("data", $"The {role} column '{name}' is not in the data; expected {expected}.");

    private static DataViewSchema.Column? Optional(DataViewSchema schema, string name, string role, Func<DataViewType, bool> accepts, string expected)
    {
        if (schema.GetColumnOrNull(name) is not { } column)
        {
            return null;
        }

        return accepts(column.Type)
            ? column
            : throw new ArgumentOutOfRangeException("data", $"The {role} column '{name}' is {column.Type}; expected {expected}.");
    }
}
