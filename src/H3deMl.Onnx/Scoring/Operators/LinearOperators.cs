using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>MatMul (NumPy semantics, batch broadcasting) and Gemm, on the engine's GEMM.</summary>
internal static class LinearOperators
{
    internal static void Register(OperatorRegistry r)
    {
        r.Add("MatMul", _ => (i, o) => o[0] = OnnxValue.FromTensor(MatMul(i[0]!.AsFloatTensor(), i[1]!.AsFloatTensor())));
        r.Add("Gemm", c =>
        {
            var alpha = c.Float("alpha", 1f);
            var beta = c.Float("beta", 1f);
            var transA = c.Int("transA", 0) != 0;
            var transB = c.Int("transB", 0) != 0;
            return (i, o) =>
            {
                var a = i[0]!.AsFloatTensor();
                var b = i[1]!.AsFloatTensor();
                if (a.Rank != 2 || b.Rank != 2) throw new OnnxModelException($"Gemm needs matrices; got {i[0]} and {i[1]}.");
                var y = Functional.MatMul(transA ? a.Transpose(0, 1) : a, transB ? b.Transpose(0, 1) : b);
                if (alpha != 1f) y *= alpha;
                if (i.Length > 2 && i[2] is { } cv) y += beta == 1f ? cv.AsFloatTensor() : cv.AsFloatTensor() * beta;
                o[0] = OnnxValue.FromTensor(y);
            };
        });
    }

    internal static Tensor MatMul(Tensor a, Tensor b)
    {
        var squeezeA = a.Rank == 1;
        var squeezeB = b.Rank == 1;
        if (squeezeA) a = a.Unsqueeze(0);
        if (squeezeB) b = b.Unsqueeze(-1);
        if (a.Rank > 2 && b.Rank > 2 && !a.Shape[..^2].SequenceEqual(b.Shape[..^2]))
        {
            var batch = Broadcasting.Shape(a.Shape[..^2], b.Shape[..^2]);
            a = Broadcasting.ExpandView(a, [.. batch, a.ShapeArray[^2], a.ShapeArray[^1]]).Contiguous();
            b = Broadcasting.ExpandView(b, [.. batch, b.ShapeArray[^2], b.ShapeArray[^1]]).Contiguous();
        }
        var y = Functional.MatMul(a, b);
        if (squeezeA) y = y.Squeeze(-2);
        if (squeezeB) y = y.Squeeze(-1);
        return y;
    }
}
