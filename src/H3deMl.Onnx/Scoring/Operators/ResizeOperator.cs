using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>
/// Resize with mode nearest or linear (linear, bilinear, trilinear) and the half_pixel, pytorch_half_pixel,
/// align_corners and asymmetric coordinate transforms. Doubling a 5-D input with half-pixel centres runs on the
/// engine's trilinear upsampling kernel; everything else is resampled one axis at a time (exact for separable
/// linear and nearest interpolation).
/// </summary>
internal static class ResizeOperator
{
    internal static void Register(OperatorRegistry r) => r.Add("Resize", Create);

    private static OnnxKernel Create(OnnxNodeContext c)
    {
        var mode = c.Choice("mode", "nearest", "nearest", "linear");
        var transform = c.Choice("coordinate_transformation_mode", "half_pixel", "half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric");
        var nearestMode = c.Choice("nearest_mode", "round_prefer_floor", "round_prefer_floor", "round_prefer_ceil", "floor", "ceil");
        c.Require("antialias", 0, 0);
        c.Require("exclude_outside", 0, 0);
        if (c.Has("axes")) throw c.Unsupported("the axes attribute is not supported.");
        c.Choice("keep_aspect_ratio_policy", "stretch", "stretch");
        return (i, o) =>
        {
            var x = i[0]!.AsFloatTensor();
            var rank = x.Rank;
            var scales = new double[rank];
            var sizes = new int[rank];
            if (i.Length > 3 && i[3] is { Length: > 0 } sz)
            {
                var s = ValueHelpers.CheckedShape(sz.AsIntegers(), "Resize sizes");
                if (s.Length != rank) throw new OnnxModelException($"Resize sizes has {s.Length} values for a rank-{rank} input.");
                for (var a = 0; a < rank; a++) (sizes[a], scales[a]) = (s[a], x.ShapeArray[a] == 0 ? 1 : (double)s[a] / x.ShapeArray[a]);
            }
            else if (i.Length > 2 && i[2] is { Length: > 0 } sc)
            {
                var f = sc.AsFloatTensor().ToArray();
                if (f.Length != rank) throw new OnnxModelException($"Resize scales has {f.Length} values for a rank-{rank} input.");
                var dims = new long[rank];
                for (var a = 0; a < rank; a++)
                {
                    if (!(f[a] > 0)) throw new OnnxModelException($"Resize scale {f[a]} is not positive.");
                    scales[a] = f[a];
                    dims[a] = (long)Math.Floor(x.ShapeArray[a] * (double)f[a]);
                }
                sizes = ValueHelpers.CheckedShape(dims, "Resize");
            }
            else throw new OnnxModelException("Resize needs scales or sizes.");
            if (mode == "linear" && rank == 5 && transform is "half_pixel" or "pytorch_half_pixel" && sizes[0] == x.ShapeArray[0] && sizes[1] == x.ShapeArray[1]
                && sizes[2] == 2 * x.ShapeArray[2] && sizes[3] == 2 * x.ShapeArray[3] && sizes[4] == 2 * x.ShapeArray[4] && scales[2] == 2 && scales[3] == 2 && scales[4] == 2)
            {
                o[0] = OnnxValue.FromTensor(Functional.UpsampleTrilinear(x, 2));
                return;
            }
            var y = x;
            for (var a = 0; a < rank; a++)
                if (sizes[a] != y.ShapeArray[a] || scales[a] != 1)
                    y = ResampleAxis(y, a, sizes[a], scales[a], mode == "linear", transform, nearestMode);
            o[0] = OnnxValue.FromTensor(y.Contiguous());
        };
    }

    private static double Source(int outIndex, int inSize, int outSize, double scale, string transform) => transform switch
    {
        "align_corners" => outSize == 1 ? 0 : outIndex * (inSize - 1) / (double)(outSize - 1),
        "asymmetric" => outIndex / scale,
        "pytorch_half_pixel" => outSize > 1 ? (outIndex + 0.5) / scale - 0.5 : 0,
        _ => (outIndex + 0.5) / scale - 0.5,
    };

    private static Tensor ResampleAxis(Tensor x, int axis, int outSize, double scale, bool linear, string transform, string nearestMode)
    {
        var shape = x.ShapeArray;
        var inSize = shape[axis];
        int outer = 1, inner = 1;
        for (var a = 0; a < axis; a++) outer *= shape[a];
        for (var a = axis + 1; a < shape.Length; a++) inner *= shape[a];
        var lo = new int[outSize];
        var hi = new int[outSize];
        var w = new float[outSize];
        for (var k = 0; k < outSize; k++)
        {
            var s = Source(k, inSize, outSize, scale, transform);
            if (linear)
            {
                s = Math.Clamp(s, 0, inSize - 1);
                var f = (int)Math.Floor(s);
                lo[k] = f;
                hi[k] = Math.Min(f + 1, inSize - 1);
                w[k] = (float)(s - f);
            }
            else
            {
                var n = nearestMode switch
                {
                    "floor" => Math.Floor(s),
                    "ceil" => Math.Ceiling(s),
                    "round_prefer_ceil" => Math.Floor(s + 0.5),
                    _ => Math.Ceiling(s - 0.5),
                };
                lo[k] = hi[k] = (int)Math.Clamp(n, 0, inSize - 1);
            }
        }
        var outShape = (int[])shape.Clone();
        outShape[axis] = outSize;
        var src = x.Contiguous().AsReadOnlySpan().ToArray();
        var y = Tensor.Empty(outShape);
        var dst = y.Storage.Data;
        Parallelism.For(outer, o =>
        {
            var sb = o * inSize * inner;
            var db = o * outSize * inner;
            for (var k = 0; k < outSize; k++)
            {
                var a = src.AsSpan(sb + lo[k] * inner, inner);
                var b = src.AsSpan(sb + hi[k] * inner, inner);
                var d = dst.AsSpan(db + k * inner, inner);
                var t = w[k];
                if (t == 0f) a.CopyTo(d);
                else for (var j = 0; j < inner; j++) d[j] = a[j] + (b[j] - a[j]) * t;
            }
        });
        return y;
    }
}
