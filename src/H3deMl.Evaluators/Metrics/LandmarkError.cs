using H3deMl.Core.Geometry;

namespace H3deMl;

/// <summary>The error of one measured landmark instance (present in the ground truth and given a position by the model).</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Landmark">The landmark name.</param>
/// <param name="TruthLps">The ground-truth position, LPS mm.</param>
/// <param name="PredictedLps">The predicted position, LPS mm.</param>
/// <param name="ErrorMm">The Euclidean distance between them in millimetres (the radial error).</param>
/// <param name="ErrorVectorLps">Predicted minus truth, LPS mm.</param>
/// <param name="ErrorVoxels">Predicted minus truth in continuous voxel indices (i, j, k) of the original scan, or null
/// when the case's geometry is unknown.</param>
/// <param name="IsPredictedPresent">The model's presence decision for the landmark.</param>
/// <param name="PresenceProbability">The model's presence probability in [0, 1] (NaN when it gave none).</param>
public sealed record LandmarkError(
    string CaseId,
    string Landmark,
    Vector3d TruthLps,
    Vector3d PredictedLps,
    double ErrorMm,
    Vector3d ErrorVectorLps,
    Vector3d? ErrorVoxels,
    bool IsPredictedPresent,
    double PresenceProbability);
