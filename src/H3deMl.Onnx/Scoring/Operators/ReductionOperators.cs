using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>ReduceMean, ReduceSum, ReduceMax, ReduceMin, ReduceProd (axes as an attribute before opset 18, or as an input).</summary>
internal static class ReductionOperators
{
    internal enum Kind { Sum, Mean, Max, Min, Prod }

    internal static void Register(OperatorRegistry r)
    {
        r.Add("ReduceSum", c => Reduction(c, Kind.Sum));
        r.Add("ReduceMean", c => Reduction(c, Kind.Mean));
        r.Add("ReduceMax", c => Reduction(c, Kind.Max));
        r.Add("ReduceMin", c => Reduction(c, Kind.Min));
        r.Add("ReduceProd", c => Reduction(c, Kind.Prod));
    }

    private static OnnxKernel Reduction(OnnxNodeContext c, Kind kind)
    {
        var keep = c.Int("keepdims", 1) != 0;
        var noop = c.Int("noop_with_empty_axes", 0) != 0;
        var attr = c.Ints("axes");
        return (i, o) =>
        {
            var x = i[0]!;
            var axes = attr ?? (i.Length > 1 && i[1] is { } a ? a.AsIntegers() : []);
            if (axes.Length == 0 && noop)
            {
                o[0] = x;
                return;
            }
            var normalized = axes.Length == 0 ? Enumerable.Range(0, x.Rank).ToArray() : axes.Select(v => ValueHelpers.Axis(v, x.Rank)).Distinct().ToArray();
            o[0] = Reduce(x, normalized, keep, kind);
        };
    }

    internal static OnnxValue Reduce(OnnxValue x, int[] axes, bool keep, Kind kind)
    {
        if (x.IsFloat && kind is Kind.Sum or Kind.Mean)
            return OnnxValue.FromTensor(kind == Kind.Sum ? x.Tensor.Sum(axes, keep) : x.Tensor.Mean(axes, keep));
        // General path: kept axes first, reduced axes last, then one pass per row.
        var rank = x.Rank;
        var reduced = new bool[rank];
        foreach (var a in axes) reduced[a] = true;
        var order = Enumerable.Range(0, rank).Where(a => !reduced[a]).Concat(axes.Order()).ToArray();
        var strides = ValueHelpers.Strides(x);
        var permutedShape = order.Select(a => x.ShapeArray[a]).ToArray();
        var rowLength = axes.Aggregate(1, (p, a) => p * x.ShapeArray[a]);
        var rows = rowLength == 0 ? 0 : (int)(x.Length / rowLength);
        var outShape = keep ? x.ShapeArray.Select((v, a) => reduced[a] ? 1 : v).ToArray() : x.ShapeArray.Where((_, a) => !reduced[a]).ToArray();
        if (x.IsFloat)
        {
            var t = x.Tensor;
            var dense = new Tensor(t.Storage, t.Offset, permutedShape, order.Select(a => t.StridesArray[a]).ToArray()).Contiguous().AsReadOnlySpan();
            var r = new float[rows];
            for (var row = 0; row < rows; row++)
            {
                var span = dense.Slice(row * rowLength, rowLength);
                r[row] = kind switch
                {
                    Kind.Max => System.Numerics.Tensors.TensorPrimitives.Max(span),
                    Kind.Min => System.Numerics.Tensors.TensorPrimitives.Min(span),
                    Kind.Prod => System.Numerics.Tensors.TensorPrimitives.Product(span),
                    Kind.Sum => System.Numerics.Tensors.TensorPrimitives.Sum(span),
                    _ => System.Numerics.Tensors.TensorPrimitives.Sum(span) / rowLength,
                };
            }
            return OnnxValue.FromTensor(Tensor.Wrap(r, outShape));
        }
        var ints = ValueHelpers.Materialize(x.Integers, 0, permutedShape, order.Select(a => strides[a]).ToArray());
        var ri = new long[rows];
        for (var row = 0; row < rows; row++)
        {
            var seg = ints.AsSpan(row * rowLength, rowLength);
            long acc = kind switch { Kind.Max => long.MinValue, Kind.Min => long.MaxValue, Kind.Prod => 1, _ => 0 };
            foreach (var v in seg)
                acc = kind switch { Kind.Max => Math.Max(acc, v), Kind.Min => Math.Min(acc, v), Kind.Prod => acc * v, _ => acc + v };
            ri[row] = kind == Kind.Mean ? acc / Math.Max(1, rowLength) : acc;
        }
        return OnnxValue.FromIntegers(x.Kind, ri, outShape);
    }
}
