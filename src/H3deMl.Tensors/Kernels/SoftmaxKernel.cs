using System.Numerics.Tensors;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels;

/// <summary>Row-wise softmax and log-softmax (max-subtracted) and their backward passes, rows parallel.</summary>
internal static class SoftmaxKernel
{
    internal static void Forward(float[] x, int xo, float[] y, int yo, int rows, int cols, bool log) =>
        ParallelRange.For(rows, Math.Max(1, 8192 / Math.Max(cols, 1)), new ForwardRows(x, xo, y, yo, cols, log));

    /// <summary>softmax: dx = y·(g − Σ g·y); log-softmax: dx = g − e^y·Σ g.</summary>
    internal static void Backward(float[] y, int yo, float[] g, int go, float[] dx, int dxo, int rows, int cols, bool log) =>
        ParallelRange.For(rows, Math.Max(1, 8192 / Math.Max(cols, 1)), new BackwardRows(y, yo, g, go, dx, dxo, cols, log));

    private readonly struct ForwardRows(float[] x, int xo, float[] y, int yo, int cols, bool log) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var r = start; r < end; r++)
            {
                var xs = x.AsSpan(xo + r * cols, cols);
                var ys = y.AsSpan(yo + r * cols, cols);
                var max = TensorPrimitives.Max(xs);
                TensorPrimitives.Subtract(xs, max, ys);
                if (log)
                {
                    var sum = 0f;
                    foreach (var v in ys) sum += MathF.Exp(v);
                    TensorPrimitives.Subtract(ys, MathF.Log(sum), ys);
                }
                else
                {
                    TensorPrimitives.Exp(ys, ys);
                    TensorPrimitives.Divide(ys, TensorPrimitives.Sum(ys), ys);
                }
            }
        }
    }

    private readonly struct BackwardRows(float[] y, int yo, float[] g, int go, float[] dx, int dxo, int cols, bool log) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var r = start; r < end; r++)
            {
                var ys = y.AsSpan(yo + r * cols, cols);
                var gs = g.AsSpan(go + r * cols, cols);
                var ds = dx.AsSpan(dxo + r * cols, cols);
                if (log)
                {
                    var sum = TensorPrimitives.Sum(gs);
                    TensorPrimitives.Exp(ys, ds);
                    TensorPrimitives.Multiply(ds, -sum, ds);
                    TensorPrimitives.Add(ds, gs, ds);
                }
                else
                {
                    var dot = TensorPrimitives.Dot(gs, ys);
                    TensorPrimitives.Subtract(gs, dot, ds);
                    TensorPrimitives.Multiply(ds, ys, ds);
                }
            }
        }
    }
}
