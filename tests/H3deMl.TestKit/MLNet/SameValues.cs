using H3deMl.Core.Volumes;
using H3deMl.Tensors;
using Xunit;

namespace H3deMl.TestKit.MLNet;

/// <summary>Bit-exact equality of the plain values <see cref="ColumnValues"/> reads.</summary>
public static class SameValues
{
    /// <summary>True when the two values are bit-identical: volumes (geometry and voxels), float and boolean vectors,
    /// text, tensors; other objects through <paramref name="other"/>, else <see cref="object.Equals(object, object)"/>.</summary>
    public static bool Equal(object? expected, object? actual, Func<object, object, bool>? other = null) => (expected, actual) switch
    {
        (null, null) => true,
        (Volume a, Volume b) => a.Geometry.Equals(b.Geometry) && Bits(a.Voxels, b.Voxels),
        (float[] a, float[] b) => Bits(a, b),
        (Tensor a, Tensor b) => a.Shape.SequenceEqual(b.Shape) && Bits(a.AsReadOnlySpan(), b.AsReadOnlySpan()),
        (bool[] a, bool[] b) => a.AsSpan().SequenceEqual(b),
        (string[] a, string[] b) => a.SequenceEqual(b),
        (not null, not null) when other is not null && expected.GetType() == actual.GetType() && expected is not string => other(expected, actual),
        _ => Equals(expected, actual),
    };

    /// <summary>Asserts that two row snapshots are bit-identical, naming the row and column that differ.</summary>
    public static void AssertRows(IReadOnlyList<object?[]> expected, IReadOnlyList<object?[]> actual, IReadOnlyList<string> columnNames, string what, Func<object, object, bool>? other = null)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {actual.Count} rows, expected {expected.Count}");
        for (int r = 0; r < expected.Count; r++)
        {
            for (int c = 0; c < columnNames.Count; c++)
            {
                Assert.True(Equal(expected[r][c], actual[r][c], other), $"{what}: row {r}, column '{columnNames[c]}' differs");
            }
        }
    }

    private static bool Bits(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int n = 0; n < a.Length; n++)
        {
            if (BitConverter.SingleToInt32Bits(a[n]) != BitConverter.SingleToInt32Bits(b[n]))
            {
                return false;
            }
        }

        return true;
    }
}
