using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Cropping;

/// <summary>Options of <c>RandomCrop</c>: the landmark-aware random zoom-and-crop used for training (H3DE-NET.md §5.3, DECISIONS.md §8).</summary>
public sealed record RandomCropOptions
{
    /// <summary>Crop size along i (the network's first spatial axis), in voxels, ≥ 1; default 128.</summary>
    public int SizeI { get; init; } = CroppingDefaults.SizeI;

    /// <summary>Crop size along j, in voxels, ≥ 1; default 128.</summary>
    public int SizeJ { get; init; } = CroppingDefaults.SizeJ;

    /// <summary>Crop size along k, in voxels, ≥ 1; default 64.</summary>
    public int SizeK { get; init; } = CroppingDefaults.SizeK;

    /// <summary>Smallest zoom rate drawn per axis, in (0, <see cref="MaxZoomRate"/>]; default 0.6 (the reference's min_rate).</summary>
    public double MinZoomRate { get; init; } = 0.6;

    /// <summary>Largest zoom rate drawn per axis, ≥ <see cref="MinZoomRate"/>; default 1 (shrink only, DECISIONS.md §8). Values above 1 allow zoom-in.</summary>
    public double MaxZoomRate { get; init; } = 1.0;

    /// <summary>Margin subtracted from the largest rate that fits the landmarks along i, in rate units, in [0, 1); default 0.02 (the reference's δ).</summary>
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
        if (!(MinZoomRate > 0 && MinZoomRate <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(MinZoomRate), MinZoomRate, "MinZoomRate must be in (0, 10].");
        }

        if (!(MaxZoomRate >= MinZoomRate && MaxZoomRate <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxZoomRate), MaxZoomRate, $"MaxZoomRate must be in [MinZoomRate ({MinZoomRate}), 10].");
        }

        CroppingDefaults.CheckMargin(ZoomMarginI, nameof(ZoomMarginI));
        CroppingDefaults.CheckMargin(ZoomMarginJ, nameof(ZoomMarginJ));
        CroppingDefaults.CheckMargin(ZoomMarginK, nameof(ZoomMarginK));
        CroppingDefaults.CheckPadding(Padding, PaddingValue);
    }
}
