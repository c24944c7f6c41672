using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Cropping;

/// <summary>Defaults and checks shared by the cropping options and catalog overloads.</summary>
internal static class CroppingDefaults
{
    public const int SizeI = 128;
    public const int SizeJ = 128;
    public const int SizeK = 64;
    public const double ZoomMarginI = 0.02;
    public const double ZoomMarginJ = 0.02;
    public const double ZoomMarginK = 0.04;
    public const int MaxSize = 2048;

    public static void CheckSize(int value, string name)
    {
        if (value < 1 || value > MaxSize)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [1, {MaxSize}] voxels.");
        }
    }

    public static void CheckMargin(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
        }
    }

    public static void CheckPadding(PaddingMode mode, float value)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException("Padding", mode, "Unknown padding mode.");
        }

        if (!float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException("PaddingValue", value, "PaddingValue must be finite.");
        }
    }
}
