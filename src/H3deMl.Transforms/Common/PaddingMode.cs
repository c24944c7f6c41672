namespace H3deMl.Transforms.Common;

/// <summary>The value given to voxels that a spatial transform takes from outside the volume (DECISIONS.md §8: padding, never zeroing).</summary>
public enum PaddingMode
{
    /// <summary>The volume's smallest voxel value, i.e. its background (air in CT); the default.</summary>
    VolumeMinimum = 0,

    /// <summary>A constant given in the options.</summary>
    Constant,
}
