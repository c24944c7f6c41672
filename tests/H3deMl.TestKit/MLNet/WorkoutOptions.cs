namespace H3deMl.TestKit.MLNet;

/// <summary>What <see cref="EstimatorWorkout"/> expects of an estimator.</summary>
public sealed record WorkoutOptions
{
    /// <summary>The step shapes training data only: its row-to-row mapper (prediction engines) is the identity and a
    /// chain's scoring model leaves it out.</summary>
    public bool TrainingOnly { get; init; }

    /// <summary>A column the step reads; the workout feeds it as text and expects the step to refuse it, naming it.
    /// Default <see cref="ScanColumnNames.Volume"/>.</summary>
    public string RequiredColumn { get; init; } = ScanColumnNames.Volume;

    /// <summary>Bit-exact equality of column values of types <see cref="SameValues"/> does not know (training targets, …).</summary>
    public Func<object, object, bool>? ValueEquality { get; init; }
}
