using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO.Nifti;

/// <summary>Options of <see cref="NiftiWriter"/>.</summary>
public sealed record NiftiWriteOptions
{
    /// <summary>The element type the voxels are stored as; null (the default) keeps the volume's
    /// <see cref="Volume.OriginalElementType"/> when it holds every voxel value exactly, and writes float32 otherwise.</summary>
    /// <remarks>A type that cannot hold every value exactly (a fraction, NaN or a value out of range for an integer type)
    /// makes the write throw an <see cref="ArgumentException"/> naming the type and the first such value; values are
    /// never rounded or clamped.</remarks>
    public VolumeElementType? ElementType { get; init; }
}
