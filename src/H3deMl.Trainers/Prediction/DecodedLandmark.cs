using H3deMl.Core.Geometry;

namespace H3deMl.Trainers.Prediction;

/// <summary>One landmark decoded from a head output: a continuous index in the network input's grid, and a presence probability.</summary>
/// <param name="IndexIjk">The position as a continuous (i, j, k) index of the volume fed to the network.</param>
/// <param name="PresenceProbability">The probability in [0, 1] that the landmark is present.</param>
/// <param name="Score">The raw evidence (heatmap peak, or best anchor logit) used to compare windows.</param>
internal readonly record struct DecodedLandmark(Vector3d IndexIjk, double PresenceProbability, float Score);
