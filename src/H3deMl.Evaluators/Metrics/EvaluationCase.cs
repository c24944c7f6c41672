using H3deMl.Core.Geometry;

namespace H3deMl.Evaluators;

/// <summary>One row of the evaluated data: its ground truth and prediction for every matched landmark, in LPS world
/// millimetres of the original scan.</summary>
/// <param name="CaseId">The case identifier.</param>
/// <param name="Landmarks">The matched landmarks, in the label column's order.</param>
/// <param name="Geometry">The geometry of the row's scan, or null; when given, errors are also expressed in its voxels.</param>
internal sealed record EvaluationCase(string CaseId, IReadOnlyList<LandmarkObservation> Landmarks, VolumeGeometry? Geometry);

/// <summary>One landmark of one row: truth, prediction and presence.</summary>
/// <param name="Name">The landmark name.</param>
/// <param name="TruthLps">The ground truth, LPS mm; not finite when the landmark is missing.</param>
/// <param name="PredictedLps">The prediction, LPS mm; not finite when the model gave none.</param>
/// <param name="IsPredictedPresent">The presence decision.</param>
/// <param name="PresenceProbability">The presence probability, NaN when the data has none.</param>
internal readonly record struct LandmarkObservation(string Name, Vector3d TruthLps, Vector3d PredictedLps, bool IsPredictedPresent, double PresenceProbability)
{
    /// <summary>Whether the landmark is present in the ground truth (its three coordinates are finite).</summary>
    public bool IsPresentInTruth => TruthLps.IsFinite;
}
