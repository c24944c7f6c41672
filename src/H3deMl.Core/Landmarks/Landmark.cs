using H3deMl.Core.Geometry;

namespace H3deMl.Core.Landmarks;

/// <summary>One named landmark: an LPS world position in millimetres and whether it is present in the scan.</summary>
/// <param name="Name">The landmark's name (label).</param>
/// <param name="PositionLps">The LPS position in millimetres. For a missing landmark it is whatever the file held, or NaN
/// when the file held none.</param>
/// <param name="IsPresent">False when the landmark is missing (Slicer <c>positionStatus</c> other than "defined", a
/// reference-dataset label below −100, or a NaN coordinate).</param>
public readonly record struct Landmark(string Name, Vector3d PositionLps, bool IsPresent);
