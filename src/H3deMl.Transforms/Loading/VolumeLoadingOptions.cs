namespace H3deMl.Transforms.Loading;

/// <summary>Options of <c>LoadVolume</c>.</summary>
public sealed record VolumeLoadingOptions
{
    /// <summary>A directory where decoded volumes are cached as raw float32 files, so later epochs skip decompression
    /// and parsing; null (the default) for no cache. Entries are keyed by the file's full path, size and modification time.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Whether landmarks outside the volume are marked missing; default true (the mouse atlas's convention: a
    /// point outside the volume is missing). "Outside" is the library's one boundary convention,
    /// <see cref="Core.Geometry.VolumeSize.ContainsIndex"/>: a point past the last voxel centre but within that voxel's
    /// half-width is inside the scanned field of view and stays present.</summary>
    public bool MarkOutsideAsMissing { get; init; } = true;

    internal void Validate()
    {
        if (CacheDirectory is { Length: 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(CacheDirectory), CacheDirectory, "CacheDirectory must be null or a path.");
        }
    }
}
