using H3deMl.Core.Geometry;
using H3deMl.Trainers.Prediction;

namespace H3deMl.Trainers.Model;

/// <summary>A model's prediction for one scan, as its output columns hold it.</summary>
/// <param name="Positions">3 floats per landmark, world LPS millimetres.</param>
/// <param name="Probabilities">The presence probability of each landmark.</param>
/// <param name="Decisions">Whether each landmark is present.</param>
internal sealed record ScanPrediction(float[] Positions, float[] Probabilities, bool[] Decisions)
{
    public static ScanPrediction From(IReadOnlyList<DecodedLandmark> decoded, VolumeGeometry geometry, double threshold)
    {
        var positions = new float[3 * decoded.Count];
        var probabilities = new float[decoded.Count];
        var decisions = new bool[decoded.Count];
        for (int l = 0; l < decoded.Count; l++)
        {
            Vector3d world = geometry.IndexToWorld(decoded[l].IndexIjk);
            positions[3 * l] = (float)world.X;
            positions[(3 * l) + 1] = (float)world.Y;
            positions[(3 * l) + 2] = (float)world.Z;
            probabilities[l] = (float)decoded[l].PresenceProbability;
            decisions[l] = decoded[l].PresenceProbability >= threshold;
        }

        return new ScanPrediction(positions, probabilities, decisions);
    }
}
