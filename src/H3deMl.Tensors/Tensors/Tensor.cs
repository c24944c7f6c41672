using System.Globalization;
using System.Text;
using H3deMl.Tensors.Autograd;

namespace H3deMl.Tensors;

/// <summary>
/// An n-dimensional array of <see cref="DType.Float32"/> values (rank 0 to 6) with reverse-mode automatic
/// differentiation. Storage is row-major (the last axis is fastest); reshaping a contiguous tensor and slicing are
/// views that share storage.
/// </summary>
/// <remarks>
/// Operations that take several tensors broadcast them with NumPy rules. An operation records itself for
/// <see cref="Backward"/> when gradients are enabled (see <see cref="GradMode"/>) and any input has
/// <see cref="RequiresGrad"/> set.
/// </remarks>
public sealed partial class Tensor
{
    internal readonly TensorStorage Storage;
    internal readonly int Offset;
    internal readonly int[] ShapeArray;
    internal readonly int[] StridesArray;
    private bool _requiresGrad;

    internal Tensor(TensorStorage storage, int offset, int[] shape, int[] strides)
    {
        Storage = storage;
        Offset = offset;
        ShapeArray = shape;
        StridesArray = strides;
        Length = TensorShape.Count(shape);
        IsContiguous = ComputeIsContiguous(shape, strides);
    }

    /// <summary>The size of each axis.</summary>
    public ReadOnlySpan<int> Shape => ShapeArray;

    /// <summary>The number of axes.</summary>
    public int Rank => ShapeArray.Length;

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The element type (always <see cref="DType.Float32"/> today).</summary>
    public DType DType => DType.Float32;

    /// <summary>True when the elements are stored densely in row-major order (a view may not be).</summary>
    public bool IsContiguous { get; }

    /// <summary>The size of <paramref name="axis"/>; a negative axis counts from the end.</summary>
    public int Size(int axis) => ShapeArray[TensorShape.NormalizeAxis(axis, Rank)];

    /// <summary>
    /// Whether gradients flow to this tensor. Setting it is allowed on leaves only (tensors not produced by a
    /// recorded operation).
    /// </summary>
    /// <exception cref="InvalidOperationException">Clearing the flag on a tensor produced by a recorded operation.</exception>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (Node is not null && !value)
                throw new InvalidOperationException("Only leaf tensors can stop requiring gradients; call Detach() to get a leaf copy of this view.");
            _requiresGrad = value;
        }
    }

    /// <summary>The accumulated gradient of a leaf after <see cref="Backward"/>, or null.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>True when this tensor was not produced by a recorded operation.</summary>
    public bool IsLeaf => Node is null;

    internal GradNode? Node { get; private set; }

    /// <summary>A tensor of the given shape with every element set to zero.</summary>
    public static Tensor Zeros(params int[] shape) => new(TensorStorage.AllocateZeroed(TensorShape.Count(shape)), 0, (int[])shape.Clone(), TensorShape.ContiguousStrides(shape));

    /// <summary>A tensor of the given shape with every element set to one.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor of the given shape with every element set to <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Empty(shape);
        t.Storage.Data.AsSpan(0, t.Length).Fill(value);
        return t;
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(float value) => Full(value);

    /// <summary>A tensor holding a copy of <paramref name="data"/> with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the data length.</exception>
    public static Tensor FromArray(ReadOnlySpan<float> data, params int[] shape)
    {
        var n = TensorShape.Count(shape);
        if (n != data.Length)
            throw new ArgumentException($"Shape {TensorShape.Format(shape)} holds {n:N0} elements but {data.Length:N0} were given.", nameof(data));
        var t = Empty(shape);
        data.CopyTo(t.Storage.Data.AsSpan(0, n));
        return t;
    }

    /// <summary>A tensor that uses <paramref name="data"/> as its storage without copying.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the array length.</exception>
    public static Tensor Wrap(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var n = TensorShape.Count(shape);
        if (n != data.Length)
            throw new ArgumentException($"Shape {TensorShape.Format(shape)} holds {n:N0} elements but the array has {data.Length:N0}.", nameof(data));
        return new Tensor(TensorStorage.Wrap(data), 0, (int[])shape.Clone(), TensorShape.ContiguousStrides(shape));
    }

    /// <summary>An uninitialised contiguous tensor (internal: callers write every element).</summary>
    internal static Tensor Empty(params int[] shape) =>
        new(TensorStorage.Allocate(TensorShape.Count(shape)), 0, (int[])shape.Clone(), TensorShape.ContiguousStrides(shape));

    internal static Tensor EmptyLike(Tensor t) => Empty(t.ShapeArray);

    /// <summary>The elements of a contiguous tensor, writable. Writing into a tensor that a recorded operation saved breaks its gradient.</summary>
    /// <exception cref="InvalidOperationException">The tensor is a non-contiguous view; call <see cref="Contiguous"/> first.</exception>
    public Span<float> AsSpan()
    {
        if (!IsContiguous) ThrowNotContiguous();
        return Storage.Data.AsSpan(Offset, Length);
    }

    /// <summary>The elements of a contiguous tensor, read-only.</summary>
    /// <exception cref="InvalidOperationException">The tensor is a non-contiguous view; call <see cref="Contiguous"/> first.</exception>
    public ReadOnlySpan<float> AsReadOnlySpan() => AsSpan();

    /// <summary>A copy of the elements in row-major order.</summary>
    public float[] ToArray()
    {
        var c = Contiguous();
        return c.Storage.Data.AsSpan(c.Offset, c.Length).ToArray();
    }

    /// <summary>The single element of a one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor does not hold exactly one element.</exception>
    public float Item()
    {
        if (Length != 1) throw new InvalidOperationException($"Item() needs a one-element tensor; this one has shape {TensorShape.Format(ShapeArray)}.");
        return Storage.Data[Offset];
    }

    /// <summary>The element at the given index (slow; for tests and diagnostics).</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] index]
    {
        get
        {
            if (index.Length != Rank) throw new ArgumentException($"Expected {Rank} indices, got {index.Length}.", nameof(index));
            var o = Offset;
            for (var i = 0; i < index.Length; i++)
            {
                if ((uint)index[i] >= (uint)ShapeArray[i]) throw new ArgumentOutOfRangeException(nameof(index), $"Index {index[i]} is out of range for axis {i} of size {ShapeArray[i]}.");
                o += index[i] * StridesArray[i];
            }
            return Storage.Data[o];
        }
    }

    /// <summary>A leaf tensor sharing this tensor's storage, with no gradient history.</summary>
    public Tensor Detach() => new(Storage, Offset, ShapeArray, StridesArray);

    /// <summary>A contiguous copy with its own storage (differentiable).</summary>
    public Tensor Clone()
    {
        var r = EmptyLike(this);
        CopyStridedTo(r.Storage.Data.AsSpan(0, Length));
        return Record(r, new Autograd.Nodes.IdentityNode(this));
    }

    /// <summary>This tensor if it is contiguous, else a contiguous copy (differentiable).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Clone();

    /// <summary>True when this tensor and <paramref name="other"/> are views of the same buffer.</summary>
    public bool SharesStorage(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(Storage, other.Storage);
    }

    /// <summary>Copies the elements in row-major order into <paramref name="destination"/>.</summary>
    internal void CopyStridedTo(Span<float> destination)
    {
        if (IsContiguous)
        {
            Storage.Data.AsSpan(Offset, Length).CopyTo(destination);
            return;
        }
        StridedCopy.Gather(Storage.Data, Offset, ShapeArray, StridesArray, destination);
    }

    /// <summary>Attaches <paramref name="node"/> to <paramref name="result"/> when gradients are enabled and an input needs one.</summary>
    internal static Tensor Record(Tensor result, GradNode node)
    {
        if (GradMode.IsEnabled && node.AnyInputRequiresGrad)
        {
            result.Node = node;
            result._requiresGrad = true;
            node.Commit();
        }
        return result;
    }

    /// <summary>True when an operation on <paramref name="t"/> must be recorded.</summary>
    internal static bool Tracks(Tensor t) => GradMode.IsEnabled && t.RequiresGrad;

    /// <summary>Computes the gradient of this tensor with respect to every leaf that requires one, accumulating into <see cref="Grad"/>.</summary>
    /// <param name="gradient">The gradient of the final objective with respect to this tensor; null means ones (only for a one-element tensor).</param>
    /// <exception cref="InvalidOperationException">The tensor does not require a gradient, or it has several elements and no gradient was given.</exception>
    public void Backward(Tensor? gradient = null) => AutogradEngine.Run(this, gradient);

    private static bool ComputeIsContiguous(int[] shape, int[] strides)
    {
        var expected = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    private static void ThrowNotContiguous() =>
        throw new InvalidOperationException("This tensor is a non-contiguous view; call Contiguous() first.");

    /// <summary>The shape and, for small tensors, the values.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("Tensor").Append(TensorShape.Format(ShapeArray));
        if (Length <= 16)
        {
            sb.Append(" {");
            var a = ToArray();
            sb.Append(string.Join(", ", a.Select(v => v.ToString("G6", CultureInfo.InvariantCulture))));
            sb.Append('}');
        }
        if (RequiresGrad) sb.Append(" requires_grad");
        return sb.ToString();
    }
}
