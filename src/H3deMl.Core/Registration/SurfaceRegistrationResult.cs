namespace H3deMl.Core.Registration;

/// <summary>The outcome of a surface registration.</summary>
/// <param name="Transform">Maps the moving cloud onto the fixed one.</param>
/// <param name="TrimmedRmsMm">The RMS distance of the kept (closest) fraction of moving points to the fixed cloud, mm.</param>
/// <param name="Iterations">The ICP iterations of the final run.</param>
public sealed record SurfaceRegistrationResult(SimilarityTransform Transform, double TrimmedRmsMm, int Iterations);
