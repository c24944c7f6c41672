using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Kernels;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>y = x·Wᵀ + b over the last axis of x, as PyTorch's linear; W is (out, in), b is (out) or null.</summary>
    /// <exception cref="ArgumentException">The last axis of x differs from W's input size, or b's size from W's output size.</exception>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2) throw new ArgumentException($"Linear weight must be (out, in); got {TensorShape.Format(weight.ShapeArray)}.", nameof(weight));
        int outF = weight.ShapeArray[0], inF = weight.ShapeArray[1];
        if (x.Rank < 1 || x.ShapeArray[^1] != inF)
            throw new ArgumentException($"Linear input {TensorShape.Format(x.ShapeArray)} does not end in {inF} features (weight {TensorShape.Format(weight.ShapeArray)}).", nameof(x));
        if (bias is not null && (bias.Rank != 1 || bias.ShapeArray[0] != outF))
            throw new ArgumentException($"Linear bias must be ({outF}); got {TensorShape.Format(bias.ShapeArray)}.", nameof(bias));
        var xc = x.Contiguous();
        var wc = weight.Contiguous();
        var rows = inF == 0 ? 0 : x.Length / inF;
        var shape = (int[])x.ShapeArray.Clone();
        shape[^1] = outF;
        var y = Tensor.Empty(shape);
        if (bias is not null)
        {
            var bc = bias.Contiguous();
            ParallelRange.For(rows, Math.Max(1, 16384 / Math.Max(outF, 1)), new FillRows(y.Storage.Data, y.Offset, bc.Storage.Data, bc.Offset, outF));
        }
        Gemm.Sgemm(false, true, rows, outF, inF, xc.AsReadOnlySpan(), inF, wc.AsReadOnlySpan(), inF, y.AsSpan(), outF, accumulate: bias is not null);
        return Tensor.Record(y, new LinearNode(x, weight, bias, xc, wc, rows));
    }

    private readonly struct FillRows(float[] y, int yo, float[] b, int bo, int cols) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var src = b.AsSpan(bo, cols);
            for (var r = start; r < end; r++) src.CopyTo(y.AsSpan(yo + r * cols, cols));
        }
    }

    private sealed class LinearNode(Tensor x, Tensor w, Tensor? b, Tensor xc, Tensor wc, int rows) : GradNode(x, w, b)
    {
        private Tensor? _x = Save(xc), _w = Save(wc);

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var gc = g.Contiguous();
            int outF = _w!.ShapeArray[0], inF = _w.ShapeArray[1];
            if (Needs(0))
            {
                var dx = Tensor.Empty(_x!.ShapeArray);
                Gemm.Sgemm(false, false, rows, inF, outF, gc.AsReadOnlySpan(), outF, _w.AsReadOnlySpan(), inF, dx.AsSpan(), inF, accumulate: false);
                grads[0] = dx;
            }
            if (Needs(1))
            {
                var dw = Tensor.Empty(_w.ShapeArray);
                Gemm.Sgemm(true, false, outF, inF, rows, gc.AsReadOnlySpan(), outF, _x!.AsReadOnlySpan(), inF, dw.AsSpan(), inF, accumulate: false);
                grads[1] = dw;
            }
            if (Needs(2)) grads[2] = Reductions.Sum(gc.ReshapeNoGrad([rows, outF]), [0], keepDim: false);
        }

        internal override void Release() => (_x, _w) = (Unsave(_x), Unsave(_w));
    }
}
