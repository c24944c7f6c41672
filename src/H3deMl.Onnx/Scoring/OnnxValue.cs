using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring;

/// <summary>
/// A value flowing through an ONNX graph: a float tensor of the engine (activations, weights) or a small integer or
/// boolean tensor kept exact in 64-bit integers (shapes, indices, masks). Integer values never pass through float32, so
/// indices beyond 2^24 stay exact.
/// </summary>
public sealed class OnnxValue
{
    private OnnxValue(OnnxElementKind kind, Tensor? tensor, long[]? integers, int[] shape)
    {
        Kind = kind;
        _tensor = tensor;
        _integers = integers;
        _shape = shape;
    }

    private readonly Tensor? _tensor;
    private readonly long[]? _integers;
    private readonly int[] _shape;

    /// <summary>The element kind.</summary>
    public OnnxElementKind Kind { get; }

    /// <summary>The size of each axis.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    internal int[] ShapeArray => _shape;

    /// <summary>The number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public long Length => _tensor?.Length ?? _integers!.Length;

    /// <summary>True for <see cref="OnnxElementKind.Float32"/>.</summary>
    public bool IsFloat => Kind == OnnxElementKind.Float32;

    /// <summary>The float tensor.</summary>
    /// <exception cref="InvalidOperationException">The value holds integers or booleans.</exception>
    public Tensor Tensor => _tensor ?? throw new InvalidOperationException($"This ONNX value holds {Kind} elements, not floats.");

    /// <summary>The integers (row-major) of an integer or boolean value.</summary>
    /// <exception cref="InvalidOperationException">The value holds floats.</exception>
    public long[] Integers => _integers ?? throw new InvalidOperationException("This ONNX value holds floats, not integers.");

    /// <summary>Wraps an engine tensor.</summary>
    public static OnnxValue FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new OnnxValue(OnnxElementKind.Float32, tensor, null, tensor.Shape.ToArray());
    }

    /// <summary>Wraps row-major 64-bit integers (not copied).</summary>
    /// <exception cref="ArgumentException">The shape does not match the data length.</exception>
    public static OnnxValue FromInt64(long[] data, params int[] shape) => FromIntegers(OnnxElementKind.Int64, data, shape);

    /// <summary>Wraps row-major booleans stored as 0/1 (not copied).</summary>
    /// <exception cref="ArgumentException">The shape does not match the data length.</exception>
    public static OnnxValue FromBool(long[] data, params int[] shape) => FromIntegers(OnnxElementKind.Bool, data, shape);

    internal static OnnxValue FromIntegers(OnnxElementKind kind, long[] data, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (TensorShape.Count(shape) != data.Length)
            throw new ArgumentException($"Shape {TensorShape.Format(shape)} holds {TensorShape.Count(shape):N0} elements but the array has {data.Length:N0}.", nameof(data));
        return new OnnxValue(kind, null, data, (int[])shape.Clone());
    }

    /// <summary>The elements as floats (a float value's own tensor; integers converted).</summary>
    internal Tensor AsFloatTensor()
    {
        if (_tensor is not null) return _tensor;
        var f = new float[_integers!.Length];
        for (var i = 0; i < f.Length; i++) f[i] = _integers[i];
        return Tensor.Wrap(f, _shape);
    }

    /// <summary>The elements as 64-bit integers (floats truncated toward zero, as ONNX Cast does).</summary>
    internal long[] AsIntegers()
    {
        if (_integers is not null) return _integers;
        var src = _tensor!.Contiguous().AsReadOnlySpan();
        var r = new long[src.Length];
        for (var i = 0; i < r.Length; i++) r[i] = (long)src[i];
        return r;
    }

    /// <summary>The shape and element kind.</summary>
    public override string ToString() => $"{Kind}{TensorShape.Format(_shape)}";
}
