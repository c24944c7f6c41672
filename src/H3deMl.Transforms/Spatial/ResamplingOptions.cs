using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Spatial;

/// <summary>Options of <c>Resample</c>: either a target spacing or a target size (exactly one of the two).</summary>
/// <remarks>The physical extent is kept (voxel-edge convention of <see cref="Core.Geometry.VolumeGeometry.Resample"/>);
/// a target spacing gives <c>round(size·spacing/spacing')</c> voxels per axis.</remarks>
public sealed record ResamplingOptions
{
    /// <summary>Target spacing along i in millimetres, &gt; 0; null when a size is given.</summary>
    public double? SpacingMmI { get; init; }

    /// <summary>Target spacing along j in millimetres, &gt; 0; null when a size is given.</summary>
    public double? SpacingMmJ { get; init; }

    /// <summary>Target spacing along k in millimetres, &gt; 0; null when a size is given.</summary>
    public double? SpacingMmK { get; init; }

    /// <summary>Target size along i in voxels, ≥ 1; null when a spacing is given.</summary>
    public int? SizeI { get; init; }

    /// <summary>Target size along j in voxels, ≥ 1; null when a spacing is given.</summary>
    public int? SizeJ { get; init; }

    /// <summary>Target size along k in voxels, ≥ 1; null when a spacing is given.</summary>
    public int? SizeK { get; init; }

    /// <summary>The value of voxels outside the volume (only the outermost half voxel); default the volume's minimum.</summary>
    public PaddingMode Padding { get; init; } = PaddingMode.VolumeMinimum;

    /// <summary>The padding value when <see cref="Padding"/> is <see cref="PaddingMode.Constant"/>; default 0.</summary>
    public float PaddingValue { get; init; }

    internal bool UsesSpacing => SpacingMmI.HasValue;

    internal void Validate()
    {
        bool spacing = SpacingMmI.HasValue || SpacingMmJ.HasValue || SpacingMmK.HasValue;
        bool size = SizeI.HasValue || SizeJ.HasValue || SizeK.HasValue;
        if (spacing == size)
        {
            throw new ArgumentOutOfRangeException(nameof(SpacingMmI), SpacingMmI, "Give either SpacingMmI/J/K or SizeI/J/K (all three of one group, none of the other).");
        }

        if (spacing)
        {
            Check(SpacingMmI, nameof(SpacingMmI));
            Check(SpacingMmJ, nameof(SpacingMmJ));
            Check(SpacingMmK, nameof(SpacingMmK));
        }
        else
        {
            Check(SizeI, nameof(SizeI));
            Check(SizeJ, nameof(SizeJ));
            Check(SizeK, nameof(SizeK));
        }

        if (!Enum.IsDefined(Padding) || !float.IsFinite(PaddingValue))
        {
            throw new ArgumentOutOfRangeException(nameof(Padding), Padding, "Unknown padding mode or non-finite padding value.");
        }
    }

    private static void Check(double? value, string name)
    {
        if (!(value is > 0 and < 1e6))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive number of millimetres.");
        }
    }

    private static void Check(int? value, string name)
    {
        if (!(value is >= 1 and <= 4096))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [1, 4096] voxels.");
        }
    }
}
