namespace H3deMl;

/// <summary>The metrics of one landmark over every case.</summary>
/// <param name="Landmark">The landmark name.</param>
/// <param name="Count">The instances measured (cases where it is present in the truth and was given a position).</param>
/// <param name="MreMm">The mean radial error in mm over those instances; NaN when there are none.</param>
/// <param name="SdMm">The sample standard deviation (n − 1) of those errors in mm; NaN for fewer than two.</param>
/// <param name="Sdr">The fraction of instances with error ≤ each threshold (mm → fraction in [0, 1]).</param>
/// <param name="Presence">The presence decisions for this landmark over every case.</param>
public sealed record PerLandmarkMetrics(
    string Landmark,
    int Count,
    double MreMm,
    double SdMm,
    IReadOnlyDictionary<double, double> Sdr,
    PresenceMetrics Presence);
