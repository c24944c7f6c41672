using H3deMl.Core.Geometry;

namespace H3deMl.Core.Registration;

/// <summary>Aligns point clouds (bone surfaces) with a similarity transform: trimmed ICP from a given pose, or a global
/// alignment from many starts for clouds in arbitrary poses.</summary>
/// <remarks>Deterministic: the same clouds and options give the same transform whatever the number of threads (starts
/// run in parallel, each on its own, and the best is chosen by trimmed RMS, then by start order).</remarks>
public static class SurfaceRegistration
{
    /// <summary>Refines <paramref name="initial"/> by trimmed ICP.</summary>
    /// <param name="moving">The points to move (at least 3).</param>
    /// <param name="fixedCloud">The cloud to move them onto.</param>
    /// <param name="initial">The starting pose.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <returns>The refined transform, its trimmed RMS and the iterations run.</returns>
    /// <exception cref="ArgumentException">Fewer than 3 moving points.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static SurfaceRegistrationResult Icp(IReadOnlyList<Vector3d> moving, PointCloudIndex fixedCloud, SimilarityTransform initial, SurfaceRegistrationOptions? options = null)
    {
        options = Checked(moving, fixedCloud, options);
        return new TrimmedIcp([.. moving], fixedCloud, options.TrimFraction, options.AllowScaling).Run(initial, options.MaxIterations, options.RelativeTolerance);
    }

    /// <summary>Aligns <paramref name="moving"/> onto <paramref name="fixedCloud"/> from any pose: centroids and principal
    /// axes matched (both directions of the long axis) times <see cref="SurfaceRegistrationOptions.RollStarts"/> rolls about
    /// it, each refined by a short trimmed ICP on a subsample; the best few by trimmed RMS get a full ICP.</summary>
    /// <param name="moving">The points to move (at least 3).</param>
    /// <param name="fixedCloud">The cloud to move them onto.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The best transform, its trimmed RMS and the iterations of its final run.</returns>
    /// <exception cref="ArgumentException">Fewer than 3 moving points.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static SurfaceRegistrationResult Align(IReadOnlyList<Vector3d> moving, PointCloudIndex fixedCloud, SurfaceRegistrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = Checked(moving, fixedCloud, options);
        Vector3d[] all = [.. moving];
        Vector3d[] subsample = Subsample(all, options.StartPoints);
        SimilarityTransform[] starts = StartPoses.Create(PrincipalAxes.Of(all), PrincipalAxes.Of([.. fixedCloud.Points]), options.RollStarts, options.AllowScaling);
        var coarse = new SurfaceRegistrationResult[starts.Length];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, starts.Length, parallel, s =>
            coarse[s] = new TrimmedIcp(subsample, fixedCloud, options.TrimFraction, options.AllowScaling).Run(starts[s], options.StartIterations, options.RelativeTolerance));
        SurfaceRegistrationResult[] best = [.. Enumerable.Range(0, starts.Length).OrderBy(s => coarse[s].TrimmedRmsMm).ThenBy(s => s).Take(options.RefinedStarts).Select(s => coarse[s])];
        var refined = new SurfaceRegistrationResult[best.Length];
        Parallel.For(0, best.Length, parallel, b =>
            refined[b] = new TrimmedIcp(all, fixedCloud, options.TrimFraction, options.AllowScaling).Run(best[b].Transform, options.MaxIterations, options.RelativeTolerance));
        return Enumerable.Range(0, refined.Length).OrderBy(b => refined[b].TrimmedRmsMm).ThenBy(b => b).Select(b => refined[b]).First();
    }

    /// <summary>An even subsample of at most <paramref name="count"/> points, in order.</summary>
    internal static Vector3d[] Subsample(Vector3d[] points, int count)
    {
        if (points.Length <= count)
        {
            return points;
        }

        var kept = new Vector3d[count];
        for (int s = 0; s < count; s++)
        {
            kept[s] = points[(int)((long)s * points.Length / count)];
        }

        return kept;
    }

    private static SurfaceRegistrationOptions Checked(IReadOnlyList<Vector3d> moving, PointCloudIndex fixedCloud, SurfaceRegistrationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(moving);
        ArgumentNullException.ThrowIfNull(fixedCloud);
        if (moving.Count < 3)
        {
            throw new ArgumentException($"Registration needs at least 3 moving points; got {moving.Count}.", nameof(moving));
        }

        options ??= new SurfaceRegistrationOptions();
        options.Validate();
        return options;
    }
}
