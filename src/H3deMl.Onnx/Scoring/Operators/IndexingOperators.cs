using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>Gather, GatherElements and TopK (indices as exact 64-bit integers).</summary>
internal static class IndexingOperators
{
    internal static void Register(OperatorRegistry r)
    {
        r.Add("Gather", c =>
        {
            var axis = c.Int("axis", 0);
            return (i, o) => o[0] = Gather(i[0]!, i[1]!, axis);
        });
        r.Add("GatherElements", c =>
        {
            var axis = c.Int("axis", 0);
            return (i, o) =>
            {
                OnnxValue x = i[0]!, index = i[1]!;
                var a = ValueHelpers.Axis(axis, x.Rank);
                if (index.Rank != x.Rank) throw new OnnxModelException($"GatherElements index rank {index.Rank} differs from the data rank {x.Rank}.");
                var idx = ToIndexTensor(index, x.ShapeArray[a]);
                if (x.IsFloat)
                {
                    o[0] = OnnxValue.FromTensor(GatherElementsFloat(x.Tensor, a, idx));
                    return;
                }
                o[0] = OnnxValue.FromIntegers(x.Kind, GatherElementsIntegers(x, a, idx), idx.Shape.ToArray());
            };
        });
        r.Add("TopK", c =>
        {
            var axis = c.Int("axis", -1);
            var largest = c.Int("largest", 1) != 0;
            c.Require("sorted", 1, 1);
            return (i, o) =>
            {
                var x = i[0]!.AsFloatTensor();
                var k = i[1]!.AsIntegers();
                if (k.Length != 1 || k[0] < 0) throw new OnnxModelException("TopK needs one non-negative k.");
                var a = ValueHelpers.Axis(axis, x.Rank);
                if (k[0] > x.ShapeArray[a]) throw new OnnxModelException($"TopK k = {k[0]} is larger than axis {a} of size {x.ShapeArray[a]}.");
                var (values, indices) = Functional.TopK(x, (int)k[0], a, largest);
                o[0] = OnnxValue.FromTensor(values);
                if (o.Length > 1) o[1] = OnnxValue.FromInt64(indices.Data.Select(v => (long)v).ToArray(), indices.Shape.ToArray());
            };
        });
    }

    /// <summary>Indices as the engine's int32 index tensor, negatives counted from the end of an axis of <paramref name="size"/>.</summary>
    private static IndexTensor ToIndexTensor(OnnxValue index, int size)
    {
        var src = index.AsIntegers();
        var r = new int[src.Length];
        for (var k = 0; k < r.Length; k++)
        {
            var v = src[k] < 0 ? src[k] + size : src[k];
            if (v < 0 || v >= size) throw new OnnxModelException($"index {src[k]} is outside an axis of size {size}.");
            r[k] = (int)v;
        }
        return new IndexTensor(r, index.ShapeArray);
    }

    /// <summary>GatherElements over a possibly strided (or broadcast, stride-0) view, one output row at a time.</summary>
    private static Tensor GatherElementsFloat(Tensor x, int axis, IndexTensor index)
    {
        var shape = index.Shape.ToArray();
        var rank = shape.Length;
        for (var d = 0; d < rank; d++)
            if (d != axis && shape[d] > x.ShapeArray[d])
                throw new OnnxModelException($"GatherElements index shape [{string.Join(", ", shape)}] exceeds the data shape [{string.Join(", ", x.Shape.ToArray())}] on axis {d}.");
        var y = Tensor.Empty(shape);
        if (y.Length == 0) return y;
        var inner = shape[^1];
        var rows = y.Length / inner;
        var strides = x.StridesArray;
        var src = x.Storage.Data;
        var dst = y.Storage.Data;
        var idx = index.Data;
        var baseOffset = x.Offset;
        var lastStride = strides[rank - 1];
        var axisStride = strides[axis];
        Parallelism.For((rows + 255) / 256, chunk =>
        {
            Span<int> at = stackalloc int[rank];
            var first = chunk * 256;
            var last = Math.Min(rows, first + 256);
            var rem = first;
            for (var d = rank - 2; d >= 0; d--) { at[d] = rem % shape[d]; rem /= shape[d]; }
            for (var r = first; r < last; r++)
            {
                var rowOffset = baseOffset;
                for (var d = 0; d < rank - 1; d++) if (d != axis) rowOffset += at[d] * strides[d];
                var o = r * inner;
                if (axis == rank - 1)
                    for (var j = 0; j < inner; j++) dst[o + j] = src[rowOffset + idx[o + j] * axisStride];
                else
                    for (var j = 0; j < inner; j++) dst[o + j] = src[rowOffset + idx[o + j] * axisStride + j * lastStride];
                for (var d = rank - 2; d >= 0; d--)
                {
                    if (++at[d] < shape[d]) break;
                    at[d] = 0;
                }
            }
        });
        return y;
    }

    private static long[] GatherElementsIntegers(OnnxValue x, int axis, IndexTensor index)
    {
        var strides = TensorShape.ContiguousStrides(x.ShapeArray);
        var shape = index.Shape.ToArray();
        var r = new long[index.Data.Length];
        Span<int> at = stackalloc int[shape.Length];
        for (var k = 0; k < r.Length; k++)
        {
            var off = 0;
            for (var d = 0; d < shape.Length; d++) off += (d == axis ? index.Data[k] : at[d]) * strides[d];
            r[k] = x.Integers[off];
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                if (++at[d] < shape[d]) break;
                at[d] = 0;
            }
        }
        return r;
    }

    private static OnnxValue Gather(OnnxValue x, OnnxValue index, long axis)
    {
        var a = ValueHelpers.Axis(axis, x.Rank);
        var size = x.ShapeArray[a];
        var idx = index.AsIntegers();
        var shape = new List<int>();
        shape.AddRange(x.ShapeArray[..a]);
        shape.AddRange(index.ShapeArray);
        shape.AddRange(x.ShapeArray[(a + 1)..]);
        int outer = 1, inner = 1;
        for (var k = 0; k < a; k++) outer *= x.ShapeArray[k];
        for (var k = a + 1; k < x.Rank; k++) inner *= x.ShapeArray[k];
        var positions = new int[idx.Length];
        for (var k = 0; k < idx.Length; k++)
        {
            var v = idx[k] < 0 ? idx[k] + size : idx[k];
            if (v < 0 || v >= size) throw new OnnxModelException($"Gather index {idx[k]} is outside axis {a} of size {size}.");
            positions[k] = (int)v;
        }
        var count = outer * positions.Length * inner;
        if (x.IsFloat)
        {
            var src = x.Tensor.Contiguous();
            var y = Tensor.Zeros(shape.ToArray());
            var s = src.AsReadOnlySpan();
            var d = y.AsSpan();
            var pos = 0;
            for (var o = 0; o < outer; o++)
                foreach (var p in positions)
                {
                    s.Slice((o * size + p) * inner, inner).CopyTo(d.Slice(pos, inner));
                    pos += inner;
                }
            return OnnxValue.FromTensor(y);
        }
        var r = new long[count];
        var at = 0;
        for (var o = 0; o < outer; o++)
            foreach (var p in positions)
            {
                Array.Copy(x.Integers, (o * size + p) * inner, r, at, inner);
                at += inner;
            }
        return OnnxValue.FromIntegers(x.Kind, r, [.. shape]);
    }
}
