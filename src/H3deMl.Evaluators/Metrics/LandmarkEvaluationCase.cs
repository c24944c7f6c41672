using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;

namespace H3deMl.Evaluators;

/// <summary>One case to evaluate: its ground truth and the model's prediction, both in LPS world millimetres of the
/// original scan (DECISIONS.md §7).</summary>
/// <param name="CaseId">The case identifier.</param>
/// <param name="Truth">The ground-truth landmarks; a landmark with <see cref="Landmark.IsPresent"/> false is missing.</param>
/// <param name="Prediction">The prediction; landmarks are matched to the truth by name.</param>
/// <param name="Geometry">The original scan's geometry, or null; when given, each error is also reported in voxels of that
/// scan (<see cref="LandmarkError.ErrorVoxels"/>).</param>
public sealed record LandmarkEvaluationCase(string CaseId, LandmarkSet Truth, LandmarkPrediction Prediction, VolumeGeometry? Geometry = null);
