using H3deMl.Core.Landmarks;

namespace H3deMl.Core.Data;

/// <summary>The landmarks a model predicts for one scan.</summary>
/// <remarks>Positions are LPS world millimetres in the frame of the scan that was given to the model (every zoom, crop and
/// resampling undone, DECISIONS.md §7). <see cref="Landmark.IsPresent"/> is the model's decision that the landmark is in
/// the scan (presence probability at or above the model's threshold, DECISIONS.md §6).</remarks>
/// <param name="Landmarks">The predicted landmarks, in the model's landmark order.</param>
/// <param name="PresenceProbabilities">The probability, in [0, 1], that each landmark is present; same order.</param>
public sealed record LandmarkPrediction(LandmarkSet Landmarks, IReadOnlyList<double> PresenceProbabilities);
