namespace H3deMl.Tensors;

/// <summary>Copies between strided views and dense row-major buffers.</summary>
internal static class StridedCopy
{
    /// <summary>Reads a strided view into a dense row-major destination.</summary>
    internal static void Gather(float[] src, int offset, int[] shape, int[] strides, Span<float> dst)
    {
        var rank = shape.Length;
        if (rank == 0) { dst[0] = src[offset]; return; }
        var inner = shape[rank - 1];
        var innerStride = strides[rank - 1];
        var outer = inner == 0 ? 0 : dst.Length / inner;
        Span<int> idx = stackalloc int[rank];
        var d = 0;
        for (var o = 0; o < outer; o++)
        {
            var s = offset;
            for (var a = 0; a < rank - 1; a++) s += idx[a] * strides[a];
            if (innerStride == 1) src.AsSpan(s, inner).CopyTo(dst.Slice(d, inner));
            else for (var i = 0; i < inner; i++) dst[d + i] = src[s + i * innerStride];
            d += inner;
            for (var a = rank - 2; a >= 0; a--)
            {
                if (++idx[a] < shape[a]) break;
                idx[a] = 0;
            }
        }
    }

    /// <summary>Adds a dense row-major source into a strided view (used to route gradients of views back).</summary>
    internal static void ScatterAdd(ReadOnlySpan<float> src, float[] dst, int offset, int[] shape, int[] strides)
    {
        var rank = shape.Length;
        if (rank == 0) { dst[offset] += src[0]; return; }
        var inner = shape[rank - 1];
        var innerStride = strides[rank - 1];
        var outer = inner == 0 ? 0 : src.Length / inner;
        Span<int> idx = stackalloc int[rank];
        var s = 0;
        for (var o = 0; o < outer; o++)
        {
            var d = offset;
            for (var a = 0; a < rank - 1; a++) d += idx[a] * strides[a];
            for (var i = 0; i < inner; i++) dst[d + i * innerStride] += src[s + i];
            s += inner;
            for (var a = rank - 2; a >= 0; a--)
            {
                if (++idx[a] < shape[a]) break;
                idx[a] = 0;
            }
        }
    }

    /// <summary>Writes a dense row-major source into a strided view.</summary>
    internal static void Scatter(ReadOnlySpan<float> src, float[] dst, int offset, int[] shape, int[] strides)
    {
        var rank = shape.Length;
        if (rank == 0) { dst[offset] = src[0]; return; }
        var inner = shape[rank - 1];
        var innerStride = strides[rank - 1];
        var outer = inner == 0 ? 0 : src.Length / inner;
        Span<int> idx = stackalloc int[rank];
        var s = 0;
        for (var o = 0; o < outer; o++)
        {
            var d = offset;
            for (var a = 0; a < rank - 1; a++) d += idx[a] * strides[a];
            if (innerStride == 1) src.Slice(s, inner).CopyTo(dst.AsSpan(d, inner));
            else for (var i = 0; i < inner; i++) dst[d + i * innerStride] = src[s + i];
            s += inner;
            for (var a = rank - 2; a >= 0; a--)
            {
                if (++idx[a] < shape[a]) break;
                idx[a] = 0;
            }
        }
    }
}
