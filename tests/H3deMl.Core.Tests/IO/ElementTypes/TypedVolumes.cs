using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO.ElementTypes;

/// <summary>Volumes whose voxels reach the extremes of an element type (every value exactly a float32).</summary>
internal static class TypedVolumes
{
    public static readonly VolumeElementType[] AllTypes = Enum.GetValues<VolumeElementType>();

    public static readonly string[] Extensions = [".nrrd", ".nhdr", ".nii", ".nii.gz", ".mha", ".mhd", ".npy"];

    /// <summary>Values that the type holds exactly, including its smallest and largest float32-representable ones.</summary>
    public static float[] Extremes(VolumeElementType type) => type switch
    {
        VolumeElementType.UInt8 => [0, 1, 127, 128, 254, 255],
        VolumeElementType.Int8 => [-128, -127, -1, 0, 1, 127],
        VolumeElementType.UInt16 => [0, 1, 255, 256, 65534, 65535],
        VolumeElementType.Int16 => [-32768, -32767, -1, 0, 255, 32767],
        VolumeElementType.UInt32 => [0, 1, 65536, 16777216, 4294967040f, 4294967040f / 2],
        VolumeElementType.Int32 => [-2147483648f, -16777216, -1, 0, 16777216, 2147483520f],
        VolumeElementType.UInt64 => [0, 1, 4294967296f, 9223372036854775808f, 18446742974197923840f, 1e19f],
        VolumeElementType.Int64 => [-9223372036854775808f, -4294967296f, -1, 0, 4294967296f, 9223371487098961920f],
        VolumeElementType.Float32 => [0.5f, -1e-30f, float.MaxValue, float.Epsilon, float.NaN, float.NegativeInfinity],
        VolumeElementType.Float64 => [0.1f, -3.25f, float.MinValue, float.Epsilon, float.NaN, float.PositiveInfinity],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>A 5×4×3 oblique volume (more voxels than a SIMD vector holds) cycling through the type's extremes.</summary>
    public static Volume Make(VolumeElementType originalType, int components = 1) => Make(originalType, Extremes(originalType), components);

    /// <summary>A 5×4×3 oblique volume cycling through <paramref name="values"/>.</summary>
    public static Volume Make(VolumeElementType originalType, float[] values, int components = 1)
    {
        var geometry = new VolumeGeometry(
            new VolumeSize(5, 4, 3),
            new Vector3d(0.7, 1.3, 2.9),
            new Vector3d(-12.5, 33.25, 101.125),
            Matrix3d.FromColumns(new Vector3d(0, 1, 0), new Vector3d(-1, 0, 0), new Vector3d(0, 0, 1)));
        var voxels = new float[geometry.Size.VoxelCount * components];
        for (int n = 0; n < voxels.Length; n++)
        {
            voxels[n] = values[(n * 7) % values.Length];
        }

        return new Volume(voxels, geometry, originalType, null, components);
    }
}
