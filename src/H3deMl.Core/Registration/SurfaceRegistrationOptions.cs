namespace H3deMl.Core.Registration;

/// <summary>How <see cref="SurfaceRegistration"/> aligns one point cloud to another.</summary>
public sealed record SurfaceRegistrationOptions
{
    /// <summary>The fraction of moving points, closest to the fixed cloud, that each ICP step fits (trimmed ICP); the rest
    /// are treated as outliers (parts one scan has and the other lacks). Default 0.85.</summary>
    public double TrimFraction { get; init; } = 0.85;

    /// <summary>The most ICP iterations of a full run; default 60.</summary>
    public int MaxIterations { get; init; } = 60;

    /// <summary>ICP stops when the trimmed RMS distance falls by less than this fraction of itself; default 1e-5.</summary>
    public double RelativeTolerance { get; init; } = 1e-5;

    /// <summary>False for rigid registration (scale fixed at 1); default true (similarity).</summary>
    public bool AllowScaling { get; init; } = true;

    /// <summary>Roll starts about the long principal axis for each direction of that axis; default 12 (every 30°).</summary>
    public int RollStarts { get; init; } = 12;

    /// <summary>The ICP iterations that refine each start; default 15.</summary>
    public int StartIterations { get; init; } = 15;

    /// <summary>The moving points (an even subsample) the starts are refined with; default 1000.</summary>
    public int StartPoints { get; init; } = 1000;

    /// <summary>How many of the best starts get a full ICP run (the lowest trimmed RMS wins); default 3.</summary>
    public int RefinedStarts { get; init; } = 3;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public void Validate()
    {
        if (!(TrimFraction is > 0.1 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TrimFraction), TrimFraction, "The trim fraction must be in (0.1, 1].");
        }

        if (!(RelativeTolerance is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeTolerance), RelativeTolerance, "The tolerance must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxIterations, 10_000, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(RollStarts, 1, nameof(RollStarts));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RollStarts, 360, nameof(RollStarts));
        ArgumentOutOfRangeException.ThrowIfLessThan(StartIterations, 1, nameof(StartIterations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(StartIterations, 10_000, nameof(StartIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(StartPoints, 16, nameof(StartPoints));
        ArgumentOutOfRangeException.ThrowIfLessThan(RefinedStarts, 1, nameof(RefinedStarts));
    }
}
