namespace H3deMl;

/// <summary>The metrics of one case.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="LandmarkCount">The landmarks measured in the case (present in the truth and given a position).</param>
/// <param name="MreMm">The mean radial error of the case in mm; NaN when nothing was measured.</param>
/// <param name="SdMm">The sample standard deviation (n − 1) of the case's errors in mm; NaN for fewer than two.</param>
/// <param name="Sdr">The fraction of the case's measured landmarks with error ≤ each threshold (mm → fraction in [0, 1]).</param>
/// <param name="Presence">The case's presence decisions.</param>
/// <param name="Errors">The case's measured landmarks, in the label column's order.</param>
/// <param name="PresenceDecisions">The presence decision for every landmark of the case's truth, in its order.</param>
public sealed record CaseMetrics(
    string CaseId,
    int LandmarkCount,
    double MreMm,
    double SdMm,
    IReadOnlyDictionary<double, double> Sdr,
    PresenceMetrics Presence,
    IReadOnlyList<LandmarkError> Errors,
    IReadOnlyList<PresenceDecision> PresenceDecisions);
