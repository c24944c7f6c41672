namespace H3deMl;

/// <summary>The output of a landmark prediction engine: the model's three output columns.</summary>
public sealed class LandmarkPrediction
{
    /// <summary>3 floats per landmark: world LPS millimetres of the scan given to the model.</summary>
    public float[] PredictedLandmarks { get; set; } = [];

    /// <summary>The probability that each landmark is in the scan.</summary>
    public float[] PresenceProbabilities { get; set; } = [];

    /// <summary>The model's decision that each landmark is in the scan (probability at or above its threshold).</summary>
    public bool[] PresenceDecisions { get; set; } = [];

    /// <summary>The prediction as named points.</summary>
    /// <param name="landmarkNames">The model's landmark names (<see cref="LandmarkModelExtensions.GetLandmarkNames"/>).</param>
    /// <returns>One point per landmark, in the model's order.</returns>
    /// <exception cref="ArgumentException">The number of names differs from the number of landmarks.</exception>
    public IReadOnlyList<PredictedLandmark> ToPoints(IReadOnlyList<string> landmarkNames)
    {
        ArgumentNullException.ThrowIfNull(landmarkNames);
        if (landmarkNames.Count != PresenceProbabilities.Length || PredictedLandmarks.Length != 3 * landmarkNames.Count)
        {
            throw new ArgumentException($"{landmarkNames.Count} names for a prediction of {PresenceProbabilities.Length} landmarks.", nameof(landmarkNames));
        }

        return [.. landmarkNames.Select((name, l) => new PredictedLandmark(name, PredictedLandmarks[3 * l], PredictedLandmarks[(3 * l) + 1], PredictedLandmarks[(3 * l) + 2], PresenceProbabilities[l], PresenceDecisions.Length > l && PresenceDecisions[l]))];
    }
}

/// <summary>One predicted landmark.</summary>
/// <param name="Name">The landmark's name.</param>
/// <param name="L">World L coordinate, mm.</param>
/// <param name="P">World P coordinate, mm.</param>
/// <param name="S">World S coordinate, mm.</param>
/// <param name="PresenceProbability">The probability that it is in the scan.</param>
/// <param name="IsPresent">The model's decision that it is in the scan.</param>
public sealed record PredictedLandmark(string Name, float L, float P, float S, float PresenceProbability, bool IsPresent);
