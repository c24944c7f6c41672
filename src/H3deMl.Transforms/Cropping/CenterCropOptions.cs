using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Cropping;

/// <summary>Options of <c>CenterCrop</c>: the deterministic zoom-and-crop for validation, testing and inference (H3DE-NET.md §5.4).</summary>
public sealed record CenterCropOptions
{
    /// <summary>Crop size along i, in voxels, ≥ 1; default 128.</summary>
    public int SizeI { get; init; } = CroppingDefaults.SizeI;

    /// <summary>Crop size along j, in voxels, ≥ 1; default 128.</summary>
    public int SizeJ { get; init; } = CroppingDefaults.SizeJ;

    /// <summary>Crop size along k, in voxels, ≥ 1; default 64.</summary>
    public int SizeK { get; init; } = CroppingDefaults.SizeK;

    /// <summary>Whether to shrink an axis when the landmarks (or, without landmarks, the whole volume) do not fit the crop;
    /// default true (the reference's rate = min(zoom_max, 1)). False crops at the original scale.</summary>
    public bool UseZoom { get; init; } = true;

    /// <summary>Margin subtracted from the largest rate that fits along i, in rate units, in [0, 1); default 0.02.</summary>
    public double ZoomMarginI { get; init; } = CroppingDefaults.ZoomMarginI;

    /// <summary>The same along j; default 0.02.</summary>
    public double ZoomMarginJ { get; init; } = CroppingDefaults.ZoomMarginJ;

    /// <summary>The same along k; default 0.04.</summary>
    public double ZoomMarginK { get; init; } = CroppingDefaults.ZoomMarginK;

    /// <summary>The value of voxels outside the volume; default the volume's minimum.</summary>
    public PaddingMode Padding { get; init; } = PaddingMode.VolumeMinimum;

    /// <summary>The padding value when <see cref="Padding"/> is <see cref="PaddingMode.Constant"/>; default 0.</summary>
    public float PaddingValue { get; init; }

    internal void Validate()
    {
        CroppingDefaults.CheckSize(SizeI, nameof(SizeI));
        CroppingDefaults.CheckSize(SizeJ, nameof(SizeJ));
        CroppingDefaults.CheckSize(SizeK, nameof(SizeK));
        CroppingDefaults.CheckMargin(ZoomMarginI, nameof(ZoomMarginI));
        CroppingDefaults.CheckMargin(ZoomMarginJ, nameof(ZoomMarginJ));
        CroppingDefaults.CheckMargin(ZoomMarginK, nameof(ZoomMarginK));
        CroppingDefaults.CheckPadding(Padding, PaddingValue);
    }
}
