using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring;

/// <summary>NumPy-style broadcasting for the interpreter's integer values and for element maps over several inputs.</summary>
internal static class Broadcasting
{
    internal static int[] Shape(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        try
        {
            return TensorShape.Broadcast(a, b);
        }
        catch (ArgumentException e)
        {
            throw new OnnxModelException($"shapes {TensorShape.Format(a)} and {TensorShape.Format(b)} do not broadcast.", e);
        }
    }

    /// <summary>For every element of <paramref name="outShape"/> (row-major), the index of the element of <paramref name="inShape"/> it reads.</summary>
    internal static int[] SourceIndices(int[] outShape, ReadOnlySpan<int> inShape)
    {
        var n = TensorShape.Count(outShape);
        var map = new int[n];
        var rank = outShape.Length;
        var strides = new int[rank];
        var s = 1;
        for (var i = inShape.Length - 1; i >= 0; i--)
        {
            var o = rank - inShape.Length + i;
            strides[o] = inShape[i] == 1 ? 0 : s;
            s *= inShape[i];
        }
        Span<int> idx = stackalloc int[rank];
        var off = 0;
        for (var i = 0; i < n; i++)
        {
            map[i] = off;
            for (var a = rank - 1; a >= 0; a--)
            {
                off += strides[a];
                if (++idx[a] < outShape[a]) break;
                off -= strides[a] * outShape[a];
                idx[a] = 0;
            }
        }
        return map;
    }

    /// <summary>An element-wise function of two integer arrays with broadcasting.</summary>
    internal static long[] Apply(long[] a, ReadOnlySpan<int> aShape, long[] b, ReadOnlySpan<int> bShape, Func<long, long, long> f, out int[] shape)
    {
        shape = Shape(aShape, bShape);
        var ma = SourceIndices(shape, aShape);
        var mb = SourceIndices(shape, bShape);
        var r = new long[ma.Length];
        for (var i = 0; i < r.Length; i++) r[i] = f(a[ma[i]], b[mb[i]]);
        return r;
    }

    /// <summary>A broadcast view of a float tensor (stride 0 on expanded axes; no copy).</summary>
    internal static Tensor ExpandView(Tensor x, int[] shape)
    {
        var rank = shape.Length;
        var strides = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var xi = i - (rank - x.Rank);
            if (xi < 0) continue;
            if (x.ShapeArray[xi] == shape[i]) strides[i] = x.StridesArray[xi];
            else if (x.ShapeArray[xi] == 1) strides[i] = 0;
            else throw new OnnxModelException($"shape {TensorShape.Format(x.ShapeArray)} does not broadcast to {TensorShape.Format(shape)}.");
        }
        return new Tensor(x.Storage, x.Offset, shape, strides);
    }
}
