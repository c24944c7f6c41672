using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>Pad with mode constant, reflect or edge; negative amounts crop. Each output element maps to one input element (or the constant).</summary>
internal static class PadOperator
{
    internal static void Register(OperatorRegistry r) => r.Add("Pad", c =>
    {
        var mode = c.Choice("mode", "constant", "constant", "reflect", "edge");
        var attrPads = c.Ints("pads");
        var attrValue = c.Float("value", 0f);
        return (i, o) =>
        {
            var x = i[0]!;
            var rank = x.Rank;
            var pads = attrPads ?? i[1]!.AsIntegers();
            var axes = i.Length > 3 && i[3] is { } ax ? ax.AsIntegers().Select(v => ValueHelpers.Axis(v, rank)).ToArray() : Enumerable.Range(0, rank).ToArray();
            if (pads.Length != 2 * axes.Length) throw new OnnxModelException($"Pad has {pads.Length} amounts for {axes.Length} axes.");
            var value = attrPads is null && i.Length > 2 && i[2] is { Length: > 0 } cv ? cv.AsFloatTensor().ToArray()[0] : attrValue;
            var begin = new long[rank];
            var end = new long[rank];
            for (var k = 0; k < axes.Length; k++) (begin[axes[k]], end[axes[k]]) = (pads[k], pads[axes.Length + k]);
            var outDims = new long[rank];
            for (var a = 0; a < rank; a++) outDims[a] = x.ShapeArray[a] + begin[a] + end[a];
            var shape = ValueHelpers.CheckedShape(outDims, "Pad");
            var maps = new int[rank][];
            for (var a = 0; a < rank; a++)
            {
                int n = x.ShapeArray[a], m = shape[a];
                if (n == 0 && m > 0 && mode != "constant") throw new OnnxModelException($"Pad mode {mode} cannot pad an empty axis.");
                if (mode == "reflect" && (begin[a] >= n || end[a] >= n) && (begin[a] > 0 || end[a] > 0))
                    throw new OnnxModelException($"Pad reflect amount ({begin[a]}, {end[a]}) must be smaller than axis {a} of size {n}.");
                maps[a] = new int[m];
                for (var k = 0; k < m; k++)
                {
                    var s = k - begin[a];
                    if (s < 0 || s >= n)
                        s = mode switch
                        {
                            "edge" => Math.Clamp(s, 0, n - 1),
                            "reflect" => s < 0 ? -s : 2 * (n - 1) - s,
                            _ => -1,
                        };
                    maps[a][k] = (int)s;
                }
            }
            o[0] = x.IsFloat ? OnnxValue.FromTensor(Apply(x.Tensor.Contiguous(), shape, maps, value)) : Integers(x, shape, maps, (long)value);
        };
    });

    private static Tensor Apply(Tensor x, int[] shape, int[][] maps, float value)
    {
        var y = Tensor.Empty(shape);
        var rank = shape.Length;
        if (rank == 0)
        {
            y.AsSpan()[0] = x.AsReadOnlySpan()[0];
            return y;
        }
        var inner = shape[^1];
        var rows = inner == 0 ? 0 : y.Length / inner;
        var inStrides = TensorShape.ContiguousStrides(x.ShapeArray);
        var src = x.Storage.Data;
        var so = x.Offset;
        var dst = y.Storage.Data;
        var last = maps[^1];
        Parallelism.For(rows, row =>
        {
            var off = so;
            var valid = true;
            var rem = row;
            for (var a = rank - 2; a >= 0; a--)
            {
                var idx = rem % shape[a];
                rem /= shape[a];
                var s = maps[a][idx];
                if (s < 0) { valid = false; break; }
                off += s * inStrides[a];
            }
            var d = dst.AsSpan(row * inner, inner);
            if (!valid) { d.Fill(value); return; }
            for (var k = 0; k < inner; k++) d[k] = last[k] < 0 ? value : src[off + last[k]];
        });
        return y;
    }

    private static OnnxValue Integers(OnnxValue x, int[] shape, int[][] maps, long value)
    {
        var n = TensorShape.Count(shape);
        var r = new long[n];
        var inStrides = TensorShape.ContiguousStrides(x.ShapeArray);
        for (var e = 0; e < n; e++)
        {
            var rem = e;
            var off = 0;
            var valid = true;
            for (var a = shape.Length - 1; a >= 0; a--)
            {
                var s = maps[a][rem % shape[a]];
                rem /= shape[a];
                if (s < 0) { valid = false; break; }
                off += s * inStrides[a];
            }
            r[e] = valid ? x.Integers[off] : value;
        }
        return OnnxValue.FromIntegers(x.Kind, r, shape);
    }
}
