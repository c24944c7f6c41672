namespace H3deMl.Transforms.Loading;

/// <summary>Options of <c>LoadVolume</c>.</summary>
public sealed record VolumeLoadingOptions
{
    /// <summary>A directory where decoded volumes are cached as raw float32 files, so later epochs skip decompression
    /// and parsing; null (the default) for no cache. Entries are keyed by the file's full path, size and modification time.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Whether landmarks outside the grid of voxel centres are marked missing; default true (the dataset
    /// convention of the mouse atlas: a point outside the volume is missing; see
    /// <see cref="VolumeLoading.MarkOutsideVoxelCentresAsMissing"/>).</summary>
    public bool MarkOutsideAsMissing { get; init; } = true;

    internal void Validate()
    {
        if (CacheDirectory is { Length: 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(CacheDirectory), CacheDirectory, "CacheDirectory must be null or a path.");
        }
    }
}
