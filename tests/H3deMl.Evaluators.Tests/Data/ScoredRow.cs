using H3deMl.Core.Volumes;

namespace H3deMl.Evaluators.Tests.Data;

/// <summary>A row of a scored data view (the vector sizes and slot names are set by <see cref="EvaluationData"/>).</summary>
public sealed class ScoredRow
{
    public string Id { get; set; } = "";

    public float[] Landmarks { get; set; } = [];

    public float[] PredictedLandmarks { get; set; } = [];

    public float[] PresenceProbabilities { get; set; } = [];

    public bool[] PresenceDecisions { get; set; } = [];

    [VolumeType]
    public Volume? Volume { get; set; }
}
