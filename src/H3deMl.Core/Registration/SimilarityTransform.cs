using System.Globalization;
using H3deMl.Core.Geometry;

namespace H3deMl.Core.Registration;

/// <summary>A similarity transform of world points: <c>p ↦ Scale · (Rotation · p) + Translation</c> (a proper
/// rotation, an isotropic scale and a translation).</summary>
/// <param name="Rotation">A proper rotation (orthonormal, determinant +1).</param>
/// <param name="Scale">The isotropic scale, &gt; 0.</param>
/// <param name="Translation">The translation, mm.</param>
public readonly record struct SimilarityTransform(Matrix3d Rotation, double Scale, Vector3d Translation)
{
    /// <summary>The identity.</summary>
    public static SimilarityTransform Identity => new(Matrix3d.Identity, 1, Vector3d.Zero);

    /// <summary>Maps a point.</summary>
    /// <param name="point">The point.</param>
    /// <returns>The mapped point.</returns>
    public Vector3d Apply(Vector3d point) => ((Rotation * point) * Scale) + Translation;

    /// <summary>This transform followed by <paramref name="next"/>.</summary>
    /// <param name="next">The transform applied second.</param>
    /// <returns><c>p ↦ next(this(p))</c>.</returns>
    public SimilarityTransform Then(SimilarityTransform next) =>
        new(next.Rotation * Rotation, next.Scale * Scale, next.Apply(Translation));

    /// <summary>The inverse transform.</summary>
    /// <returns><c>q ↦ Rotationᵀ · (q − Translation) / Scale</c>.</returns>
    public SimilarityTransform Inverse()
    {
        Matrix3d inverseRotation = Rotation.Transpose;
        return new(inverseRotation, 1 / Scale, (inverseRotation * Translation) * (-1 / Scale));
    }

    /// <summary>The rotation angle in degrees (0 to 180).</summary>
    public double RotationDegrees =>
        Math.Acos(Math.Clamp((Rotation[0, 0] + Rotation[1, 1] + Rotation[2, 2] - 1) / 2, -1, 1)) * 180 / Math.PI;

    /// <summary>The least-squares similarity (or rigid) transform mapping <paramref name="source"/> onto
    /// <paramref name="target"/>, point i to point i, in closed form (Umeyama 1991; the rotation from Horn's unit
    /// quaternion, which never returns a reflection).</summary>
    /// <param name="source">The points to move.</param>
    /// <param name="target">The corresponding points; as many as <paramref name="source"/>, at least 3.</param>
    /// <param name="allowScaling">False for a rigid transform (scale 1).</param>
    /// <returns>The transform minimising <c>Σ |T(sourceᵢ) − targetᵢ|²</c>.</returns>
    /// <exception cref="ArgumentException">The lists differ in length or hold fewer than 3 points.</exception>
    public static SimilarityTransform FromCorrespondences(IReadOnlyList<Vector3d> source, IReadOnlyList<Vector3d> target, bool allowScaling = true)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Count != target.Count || source.Count < 3)
        {
            throw new ArgumentException($"Need at least 3 corresponding points, as many targets as sources; got {source.Count} and {target.Count}.", nameof(target));
        }

        return Umeyama.Estimate([.. source], [.. target], allowScaling);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"rotation {RotationDegrees:F3}°, scale {Scale:F5}, translation {Translation}");
}
