namespace H3deMl.Evaluators.Tests.Data;

/// <summary>A landmark of a test case: a name, a position in LPS mm and whether it is present (in the truth) or predicted
/// present (in a prediction).</summary>
internal sealed record TestLandmark(string Name, double X, double Y, double Z, bool IsPresent)
{
    /// <summary>The presence probability a test prediction gives it (exact in Single).</summary>
    public float Probability => IsPresent ? 0.75f : 0.25f;
}

/// <summary>One test case: ground truth and prediction, and optionally the scan.</summary>
internal sealed record TestCase(string Id, TestLandmark[] Truth, TestLandmark[] Predicted, Core.Volumes.Volume? Volume = null);
