namespace H3deMl.Transforms.Spatial;

/// <summary>Options of <c>Reorient</c>.</summary>
public sealed record ReorientingOptions
{
    /// <summary>The target orientation; default <see cref="CanonicalOrientation.Lps"/>.</summary>
    public CanonicalOrientation Orientation { get; init; } = CanonicalOrientation.Lps;

    internal void Validate()
    {
        if (!Enum.IsDefined(Orientation))
        {
            throw new ArgumentOutOfRangeException(nameof(Orientation), Orientation, "Unknown orientation.");
        }
    }
}
