namespace H3deMl.Tensors;

/// <summary>An n-dimensional array of 32-bit integer indices (the result of <c>Functional.TopK</c>, the input of gathers).</summary>
public sealed class IndexTensor
{
    /// <summary>Wraps <paramref name="data"/> (row-major, not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the data length.</exception>
    public IndexTensor(int[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (TensorShape.Count(shape) != data.Length)
            throw new ArgumentException($"Shape {TensorShape.Format(shape)} holds {TensorShape.Count(shape):N0} elements but the array has {data.Length:N0}.", nameof(data));
        Data = data;
        ShapeArray = (int[])shape.Clone();
    }

    internal readonly int[] ShapeArray;

    /// <summary>The indices in row-major order.</summary>
    public int[] Data { get; }

    /// <summary>The size of each axis.</summary>
    public ReadOnlySpan<int> Shape => ShapeArray;

    /// <summary>The number of axes.</summary>
    public int Rank => ShapeArray.Length;

    /// <summary>A view of the same indices with a new shape of the same element count.</summary>
    public IndexTensor Reshape(params int[] shape) => new(Data, shape);
}
