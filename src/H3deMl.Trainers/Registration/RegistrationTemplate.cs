using H3deMl.Core.Geometry;
using H3deMl.Core.Registration;

namespace H3deMl.Trainers.Registration;

/// <summary>One training scan kept by a template model: its bone surface and landmarks (its own world LPS mm) and the
/// similarity that maps it onto the reference template.</summary>
/// <param name="Surface">The bone surface points.</param>
/// <param name="Landmarks">One point per landmark name; NaN where the scan lacks the landmark.</param>
/// <param name="ToReference">Maps this template onto the reference (the identity for the reference itself).</param>
internal sealed record RegistrationTemplate(Vector3d[] Surface, Vector3d[] Landmarks, SimilarityTransform ToReference)
{
    public bool Has(int landmark) => Landmarks[landmark].IsFinite;
}
