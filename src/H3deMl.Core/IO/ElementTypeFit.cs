using System.Numerics;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO;

/// <summary>Whether float32 voxel values can be stored in an element type without changing any of them.</summary>
/// <remarks>float32 and float64 hold every float32 value (NaN and infinities included). An integer type holds a value
/// that is an integer within its range; −0 counts as 0. NaN and infinities fit no integer type.</remarks>
internal static class ElementTypeFit
{
    /// <summary>The index of the first value the type cannot hold exactly, or −1 when it holds them all.</summary>
    public static long IndexOfFirstMisfit(ReadOnlySpan<float> values, VolumeElementType type)
    {
        if (type is VolumeElementType.Float32 or VolumeElementType.Float64)
        {
            return -1;
        }

        (float min, float maxExclusive) = Bounds(type);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lo = new Vector<float>(min);
            var hi = new Vector<float>(maxExclusive);
            var all = new Vector<int>(-1);
            for (int last = values.Length - Vector<float>.Count; i <= last; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values[i..]);

                // Comparisons with NaN are false, so NaN fails the range test; ±∞ fail it too.
                Vector<int> ok = Vector.GreaterThanOrEqual(v, lo) & Vector.LessThan(v, hi) & Vector.Equals(v, Vector.Truncate(v));
                if (!Vector.EqualsAll(ok, all))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            float v = values[i];
            if (!(v >= min && v < maxExclusive && v == MathF.Truncate(v)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A human description of what the type holds ("integers from -32,768 to 32,767").</summary>
    public static string Describe(VolumeElementType type) => type switch
    {
        VolumeElementType.UInt8 => "integers from 0 to 255",
        VolumeElementType.Int8 => "integers from -128 to 127",
        VolumeElementType.UInt16 => "integers from 0 to 65,535",
        VolumeElementType.Int16 => "integers from -32,768 to 32,767",
        VolumeElementType.UInt32 => "integers from 0 to 4,294,967,295",
        VolumeElementType.Int32 => "integers from -2,147,483,648 to 2,147,483,647",
        VolumeElementType.UInt64 => "integers from 0 to 2^64 - 1",
        VolumeElementType.Int64 => "integers from -2^63 to 2^63 - 1",
        VolumeElementType.Float32 or VolumeElementType.Float64 => "every float32 value",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type."),
    };

    /// <summary>The range of an integer type as floats: the minimum (inclusive) and the maximum + 1 (exclusive); both are
    /// powers of two or zero, so exact in float32.</summary>
    private static (float Min, float MaxExclusive) Bounds(VolumeElementType type) => type switch
    {
        VolumeElementType.UInt8 => (0f, 256f),
        VolumeElementType.Int8 => (-128f, 128f),
        VolumeElementType.UInt16 => (0f, 65536f),
        VolumeElementType.Int16 => (-32768f, 32768f),
        VolumeElementType.UInt32 => (0f, 4294967296f),
        VolumeElementType.Int32 => (-2147483648f, 2147483648f),
        VolumeElementType.UInt64 => (0f, 18446744073709551616f),
        VolumeElementType.Int64 => (-9223372036854775808f, 9223372036854775808f),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type."),
    };
}
