using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>Small helpers shared by the operator implementations.</summary>
internal static class ValueHelpers
{
    /// <summary>An axis in [−rank, rank) normalised to [0, rank).</summary>
    internal static int Axis(long axis, int rank)
    {
        if (axis < -rank || axis >= rank) throw new OnnxModelException($"axis {axis} is outside [{-rank}, {rank}).");
        return (int)(axis < 0 ? axis + rank : axis);
    }

    /// <summary>The integers of a 1-D shape-like input, each within int range.</summary>
    internal static int[] SmallInts(OnnxValue v, string what)
    {
        var src = v.AsIntegers();
        var r = new int[src.Length];
        for (var i = 0; i < r.Length; i++)
        {
            if (src[i] is < int.MinValue or > int.MaxValue) throw new OnnxModelException($"{what} holds {src[i]}, out of range.");
            r[i] = (int)src[i];
        }
        return r;
    }

    /// <summary>Checks a shape computed from graph values before anything of that size is allocated.</summary>
    internal static int[] CheckedShape(long[] dims, string what)
    {
        long count = 1;
        var r = new int[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0 || dims[i] > TensorProtoDecoding.MaxElements) throw new OnnxModelException($"{what}: dimension {dims[i]} is out of range.");
            r[i] = (int)dims[i];
            count *= dims[i];
            if (count > TensorProtoDecoding.MaxElements) throw new OnnxModelException($"{what}: the shape [{string.Join(", ", dims)}] has more than {TensorProtoDecoding.MaxElements:N0} elements.");
        }
        return r;
    }

    /// <summary>Reads a strided view of integers into a dense row-major array.</summary>
    internal static long[] Materialize(long[] src, int offset, int[] shape, int[] strides)
    {
        var n = TensorShape.Count(shape);
        var r = new long[n];
        var rank = shape.Length;
        Span<int> idx = stackalloc int[rank];
        var off = offset;
        for (var i = 0; i < n; i++)
        {
            r[i] = src[off];
            for (var a = rank - 1; a >= 0; a--)
            {
                off += strides[a];
                if (++idx[a] < shape[a]) break;
                off -= strides[a] * shape[a];
                idx[a] = 0;
            }
        }
        return r;
    }

    /// <summary>A view of a value with new offset, shape and strides: a float view shares storage; integers are copied.</summary>
    internal static OnnxValue View(OnnxValue v, int offsetDelta, int[] shape, int[] strides)
    {
        if (v.IsFloat)
        {
            var t = v.Tensor;
            return OnnxValue.FromTensor(new Tensor(t.Storage, t.Offset + offsetDelta, shape, strides));
        }
        return OnnxValue.FromIntegers(v.Kind, Materialize(v.Integers, offsetDelta, shape, strides), shape);
    }

    /// <summary>The strides of a value as stored (a dense layout for integers).</summary>
    internal static int[] Strides(OnnxValue v) => v.IsFloat ? (int[])v.Tensor.StridesArray.Clone() : TensorShape.ContiguousStrides(v.ShapeArray);

    /// <summary>The same elements with a new shape (a view when possible).</summary>
    internal static OnnxValue Reshape(OnnxValue v, int[] shape)
    {
        if (TensorShape.Count(shape) != v.Length)
            throw new OnnxModelException($"cannot reshape {v} ({v.Length:N0} elements) to {TensorShape.Format(shape)}.");
        return v.IsFloat ? OnnxValue.FromTensor(v.Tensor.ReshapeNoGrad(shape)) : OnnxValue.FromIntegers(v.Kind, v.Integers, shape);
    }
}
