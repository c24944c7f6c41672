using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>Softmax along <paramref name="axis"/>: e^(x − max) / Σ e^(x − max).</summary>
    public static Tensor Softmax(Tensor x, int axis = -1) => SoftmaxAlong(x, axis, log: false);

    /// <summary>Log-softmax along <paramref name="axis"/>: x − max − log Σ e^(x − max).</summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1) => SoftmaxAlong(x, axis, log: true);

    private static Tensor SoftmaxAlong(Tensor x, int axis, bool log)
    {
        var a = TensorShape.NormalizeAxis(axis, x.Rank);
        if (a != x.Rank - 1)
        {
            // Move the axis last, compute, move it back (all recorded).
            var p = new int[x.Rank];
            for (var i = 0; i < x.Rank; i++) p[i] = i;
            (p[a], p[^1]) = (p[^1], p[a]);
            return SoftmaxAlong(x.Permute(p).Contiguous(), -1, log).Permute(p).Contiguous();
        }
        var src = x.Contiguous();
        var cols = x.ShapeArray[^1];
        var rows = cols == 0 ? 0 : x.Length / cols;
        var y = Tensor.Empty(x.ShapeArray);
        SoftmaxKernel.Forward(src.Storage.Data, src.Offset, y.Storage.Data, y.Offset, rows, cols, log);
        return Tensor.Record(y, new SoftmaxNode(src, y, rows, cols, log));
    }

    private sealed class SoftmaxNode(Tensor x, Tensor y, int rows, int cols, bool log) : GradNode(x)
    {
        private Tensor? _y = Save(y);

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var gc = g.Contiguous();
            var r = Tensor.Empty(_y!.ShapeArray);
            SoftmaxKernel.Backward(_y.Storage.Data, _y.Offset, gc.Storage.Data, gc.Offset, r.Storage.Data, r.Offset, rows, cols, log);
            grads[0] = r;
        }

        internal override void Release() => _y = Unsave(_y);
    }
}
