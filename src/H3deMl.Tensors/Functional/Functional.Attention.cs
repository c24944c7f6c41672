using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>
    /// Scaled dot-product attention softmax(scale·q·kᵀ)·v over a batch: q (B, T, d), k and v (B, S, d) → (B, T, d).
    /// Equal to <c>MatMul(Softmax(MatMul(q · scale, kᵀ), -1), v)</c>, but the B×T×S probabilities are never held whole:
    /// each batch item's are built in scratch memory, and backward recomputes them, so a pass keeps only q, k and v.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes are not (B, T, d), (B, S, d), (B, S, d).</exception>
    public static Tensor Attention(Tensor q, Tensor k, Tensor v, float scale)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(v);
        if (q.Rank != 3 || k.Rank != 3 || v.Rank != 3 || k.ShapeArray[0] != q.ShapeArray[0] || v.ShapeArray[0] != q.ShapeArray[0]
            || k.ShapeArray[2] != q.ShapeArray[2] || v.ShapeArray[2] != q.ShapeArray[2] || v.ShapeArray[1] != k.ShapeArray[1])
            throw new ArgumentException($"Attention needs q (B, T, d), k and v (B, S, d); got {TensorShape.Format(q.ShapeArray)}, {TensorShape.Format(k.ShapeArray)}, {TensorShape.Format(v.ShapeArray)}.");
        int b = q.ShapeArray[0], t = q.ShapeArray[1], s = k.ShapeArray[1], d = q.ShapeArray[2];
        var qc = q.Contiguous();
        var kc = k.Contiguous();
        var vc = v.Contiguous();
        var o = Tensor.Empty(b, t, d);
        if (o.Length > 0 && s > 0)
            AttentionKernel.Forward(Dense(qc), Dense(kc), Dense(vc), o.Storage.Data, b, t, s, d, scale);
        else
            o.AsSpan().Clear();
        return Tensor.Record(o, new AttentionNode(q, k, v, qc, kc, vc, scale));
    }

    /// <summary>The buffer of a contiguous tensor starting at element 0 (copies otherwise).</summary>
    private static float[] Dense(Tensor c) => c.Offset == 0 ? c.Storage.Data : c.AsReadOnlySpan().ToArray();

    private sealed class AttentionNode(Tensor q, Tensor k, Tensor v, Tensor qc, Tensor kc, Tensor vc, float scale) : GradNode(q, k, v)
    {
        private Tensor? _q = Save(qc), _k = Save(kc), _v = Save(vc);

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            int b = _q!.ShapeArray[0], t = _q.ShapeArray[1], s = _k!.ShapeArray[1], d = _q.ShapeArray[2];
            var gc = g.Contiguous();
            var dq = Tensor.Empty(b, t, d);
            var dk = Tensor.Empty(b, s, d);
            var dv = Tensor.Empty(b, s, d);
            if (dq.Length > 0 && s > 0)
                AttentionKernel.Backward(Dense(_q), Dense(_k), Dense(_v!), Dense(gc), dq.Storage.Data, dk.Storage.Data, dv.Storage.Data, b, t, s, d, scale);
            else
            {
                dq.AsSpan().Clear();
                dk.AsSpan().Clear();
                dv.AsSpan().Clear();
            }
            if (Needs(0)) grads[0] = dq;
            if (Needs(1)) grads[1] = dk;
            if (Needs(2)) grads[2] = dv;
        }

        internal override void Release() => (_q, _k, _v) = (Unsave(_q), Unsave(_k), Unsave(_v));
    }
}
