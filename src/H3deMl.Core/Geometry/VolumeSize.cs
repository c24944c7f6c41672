namespace H3deMl.Core.Geometry;

/// <summary>The number of voxels along each axis of a volume, in array order [i, j, k] (i fastest in memory).</summary>
/// <param name="I">Voxels along i (the fastest axis), at least 1.</param>
/// <param name="J">Voxels along j, at least 1.</param>
/// <param name="K">Voxels along k (the slowest axis), at least 1.</param>
public readonly record struct VolumeSize(int I, int J, int K)
{
    /// <summary>The number of voxels, I·J·K.</summary>
    public long VoxelCount => (long)I * J * K;

    /// <summary>Gets the size along an axis.</summary>
    /// <param name="axis">0 (i), 1 (j) or 2 (k).</param>
    /// <returns>The size along that axis.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not 0, 1 or 2.</exception>
    public int this[int axis] => axis switch
    {
        0 => I,
        1 => J,
        2 => K,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "The axis must be 0, 1 or 2."),
    };

    /// <summary>
    /// Whether a continuous index lies inside the volume: the library's one boundary convention. Voxel i covers
    /// [i − 0.5, i + 0.5), so the volume covers −0.5 ≤ index &lt; size − 0.5 on every axis: a point past the last voxel
    /// centre but inside the outer face is inside (it lies in the scanned field of view); a point exactly on the far
    /// face belongs to no voxel. Index rounding <c>⌊index + 0.5⌋</c> of an inside point is always a valid voxel.
    /// </summary>
    /// <param name="indexIjk">Continuous index (voxel centres at integers).</param>
    /// <returns>True when −0.5 ≤ index &lt; size − 0.5 on every axis (false for NaN).</returns>
    public bool ContainsIndex(Vector3d indexIjk) =>
        indexIjk.X >= -0.5 && indexIjk.X < I - 0.5 &&
        indexIjk.Y >= -0.5 && indexIjk.Y < J - 0.5 &&
        indexIjk.Z >= -0.5 && indexIjk.Z < K - 0.5;

    /// <summary>The sizes as a vector of doubles.</summary>
    /// <returns>(I, J, K).</returns>
    public Vector3d ToVector() => new(I, J, K);

    /// <summary>Returns the sizes as a new array.</summary>
    /// <returns>[I, J, K].</returns>
    public int[] ToArray() => [I, J, K];

    /// <inheritdoc/>
    public override string ToString() => $"{I}×{J}×{K}";
}
