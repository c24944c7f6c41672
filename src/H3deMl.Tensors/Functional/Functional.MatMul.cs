using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>
    /// Batched matrix product: a (…, m, k) × b (…, k, n) → (…, m, n). The batch axes of both must be equal, or either
    /// side may be a single matrix shared by every batch of the other. Transposed views (from <see cref="Tensor.Transpose"/>) are read in
    /// place.
    /// </summary>
    /// <exception cref="ArgumentException">Ranks below 2, mismatched inner sizes or batch axes.</exception>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank < 2 || b.Rank < 2) throw new ArgumentException($"MatMul needs matrices; got shapes {TensorShape.Format(a.ShapeArray)} and {TensorShape.Format(b.ShapeArray)}.");
        int m = a.ShapeArray[^2], k = a.ShapeArray[^1], n = b.ShapeArray[^1];
        if (b.ShapeArray[^2] != k) throw new ArgumentException($"MatMul inner sizes differ: {TensorShape.Format(a.ShapeArray)} × {TensorShape.Format(b.ShapeArray)}.");
        if (a.Rank > 2 && b.Rank > 2 && !a.Shape[..^2].SequenceEqual(b.Shape[..^2]))
            throw new ArgumentException($"MatMul batch axes differ: {TensorShape.Format(a.ShapeArray)} × {TensorShape.Format(b.ShapeArray)}.");
        var batched = a.Rank >= b.Rank ? a : b;
        var batch = 1;
        for (var i = 0; i < batched.Rank - 2; i++) batch *= batched.ShapeArray[i];
        var shape = (int[])batched.ShapeArray.Clone();
        shape[^2] = m;
        shape[^1] = n;
        var y = Tensor.Empty(shape);
        var oa = MatrixOperand.From(a, out var aOwner);
        var ob = MatrixOperand.From(b, out var bOwner);
        Gemm.SgemmBatched(batch, oa.Transposed, ob.Transposed, m, n, k, oa.Span, oa.LeadingDimension, oa.BatchStride,
            ob.Span, ob.LeadingDimension, ob.BatchStride, y.AsSpan(), n, m * n, accumulate: false);
        return Tensor.Record(y, new MatMulNode(a, b, aOwner, bOwner, batch));
    }

    private sealed class MatMulNode(Tensor a, Tensor b, Tensor aOwner, Tensor bOwner, int batch) : GradNode(a, b)
    {
        private Tensor? _a = Save(aOwner), _b = Save(bOwner);

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var gc = g.Contiguous();
            int m = _a!.ShapeArray[^2], k = _a.ShapeArray[^1], n = _b!.ShapeArray[^1];
            var oa = MatrixOperand.From(_a, out _);
            var ob = MatrixOperand.From(_b, out _);
            if (Needs(0))
            {
                // dA = g·Bᵀ: flip B's stored orientation; a shared A sums over the batch.
                var perBatch = Tensor.Empty(batch, m, k);
                Gemm.SgemmBatched(batch, false, !ob.Transposed, m, k, n, gc.AsReadOnlySpan(), n, m * n,
                    ob.Span, ob.LeadingDimension, ob.BatchStride, perBatch.AsSpan(), k, m * k, accumulate: false);
                grads[0] = _a.Rank == 2 ? Reductions.Sum(perBatch, [0], keepDim: false) : perBatch.ReshapeNoGrad(_a.ShapeArray);
            }
            if (Needs(1))
            {
                // dB = Aᵀ·g: flip A's stored orientation; a shared B sums over the batch.
                var perBatch = Tensor.Empty(batch, k, n);
                Gemm.SgemmBatched(batch, !oa.Transposed, false, k, n, m, oa.Span, oa.LeadingDimension, oa.BatchStride,
                    gc.AsReadOnlySpan(), n, m * n, perBatch.AsSpan(), n, k * n, accumulate: false);
                grads[1] = _b.Rank == 2 ? Reductions.Sum(perBatch, [0], keepDim: false) : perBatch.ReshapeNoGrad(_b.ShapeArray);
            }
        }

        internal override void Release() => (_a, _b) = (Unsave(_a), Unsave(_b));
    }
}
