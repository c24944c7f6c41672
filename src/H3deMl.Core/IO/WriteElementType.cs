using System.Globalization;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO;

/// <summary>Chooses the element type a writer stores a volume's voxels as.</summary>
internal static class WriteElementType
{
    /// <summary>The requested type, checked to hold every voxel exactly; or, when none is requested, the volume's
    /// <see cref="Volume.OriginalElementType"/> when it holds every voxel exactly, else float32.</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="requested">The type asked for, or null to keep the original one.</param>
    /// <param name="parameterName">The parameter named by the exception.</param>
    /// <returns>The type to write.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requested"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException">A voxel value does not fit the requested type.</exception>
    public static VolumeElementType Choose(Volume volume, VolumeElementType? requested, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (requested is not { } type)
        {
            return ElementTypeFit.IndexOfFirstMisfit(volume.Voxels, volume.OriginalElementType) < 0
                ? volume.OriginalElementType
                : VolumeElementType.Float32;
        }

        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(parameterName, type, "Unknown element type.");
        }

        long bad = ElementTypeFit.IndexOfFirstMisfit(volume.Voxels, type);
        if (bad >= 0)
        {
            float value = volume.Voxels[bad];
            throw new ArgumentException(
                $"The voxels cannot be written as {type.ToShortName()}: the value {value.ToString("R", CultureInfo.InvariantCulture)} " +
                $"(at index {bad.ToString(CultureInfo.InvariantCulture)}) does not fit, and {type.ToShortName()} holds only {ElementTypeFit.Describe(type)}; " +
                "write float32 (or leave the element type unset to keep the original type when it fits).",
                parameterName);
        }

        return type;
    }
}
