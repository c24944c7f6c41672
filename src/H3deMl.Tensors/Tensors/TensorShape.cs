using System.Diagnostics.CodeAnalysis;

namespace H3deMl.Tensors;

/// <summary>Shape arithmetic shared by tensor operations: element counts, strides, axis normalisation and broadcasting.</summary>
internal static class TensorShape
{
    internal const int MaxRank = 6;

    internal static int Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) ThrowNegative(shape);
            n *= d;
            if (n > Array.MaxLength) ThrowTooLarge(shape);
        }
        return (int)n;
    }

    internal static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    internal static int NormalizeAxis(int axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        if ((uint)a >= (uint)rank)
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Axis {axis} is out of range for a tensor of rank {rank}.");
        return a;
    }

    internal static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>The broadcast shape of two shapes (NumPy rules), or an exception naming both.</summary>
    internal static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {Format(a)} and {Format(b)} cannot be broadcast together (axis {i}: {da} vs {db}).");
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    internal static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    [DoesNotReturn]
    private static void ThrowNegative(ReadOnlySpan<int> shape) =>
        throw new ArgumentOutOfRangeException(nameof(shape), $"Shape {Format(shape)} has a negative dimension.");

    [DoesNotReturn]
    private static void ThrowTooLarge(ReadOnlySpan<int> shape) =>
        throw new ArgumentOutOfRangeException(nameof(shape), $"Shape {Format(shape)} has more than {Array.MaxLength:N0} elements.");
}
