using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>
    /// Smooth-L1 (Huber) loss, as PyTorch's smooth_l1_loss: 0.5·d²/β where |d| &lt; β, else |d| − 0.5·β, with d = prediction − target.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor SmoothL1Loss(Tensor prediction, Tensor target, float beta = 1f, Reduction reduction = Reduction.Mean)
    {
        RequireSameShape(prediction, target, nameof(SmoothL1Loss));
        ArgumentOutOfRangeException.ThrowIfNegative(beta);
        var p = prediction.Contiguous();
        var t = target.Contiguous();
        var y = Tensor.Empty(prediction.ShapeArray);
        var op = new SmoothL1Elements(p.Storage.Data, p.Offset, t.Storage.Data, t.Offset, y.Storage.Data, y.Offset, beta);
        ParallelRange.For(y.Length, 1 << 15, op);
        return Reduce(Tensor.Record(y, new SmoothL1Node(p, t, beta)), reduction);
    }

    /// <summary>Mean squared error, as PyTorch's mse_loss: (prediction − target)² reduced.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor MseLoss(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean)
    {
        RequireSameShape(prediction, target, nameof(MseLoss));
        return Reduce((prediction - target).Square(), reduction);
    }

    /// <summary>
    /// Binary cross-entropy on logits, numerically stable as PyTorch's binary_cross_entropy_with_logits:
    /// max(x, 0) − x·t + log(1 + e^(−|x|)).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean)
    {
        RequireSameShape(logits, target, nameof(BinaryCrossEntropyWithLogits));
        var x = logits.Contiguous();
        var t = target.Contiguous();
        var y = Tensor.Empty(logits.ShapeArray);
        ParallelRange.For(y.Length, 1 << 15, new BceElements(x.Storage.Data, x.Offset, t.Storage.Data, t.Offset, y.Storage.Data, y.Offset));
        return Reduce(Tensor.Record(y, new BceNode(x, t)), reduction);
    }

    private static Tensor Reduce(Tensor elements, Reduction reduction) => reduction switch
    {
        Reduction.Mean => elements.Mean(),
        Reduction.Sum => elements.Sum(),
        _ => elements,
    };

    private static void RequireSameShape(Tensor a, Tensor b, string op)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.Shape.SequenceEqual(b.Shape))
            throw new ArgumentException($"{op}: prediction {TensorShape.Format(a.ShapeArray)} and target {TensorShape.Format(b.ShapeArray)} differ in shape.");
    }

    private readonly struct SmoothL1Elements(float[] p, int po, float[] t, int to, float[] y, int yo, float beta) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                var d = MathF.Abs(p[po + i] - t[to + i]);
                y[yo + i] = d < beta ? 0.5f * d * d / beta : d - 0.5f * beta;
            }
        }
    }

    private sealed class SmoothL1Node(Tensor p, Tensor t, float beta) : GradNode(p, t)
    {
        private Tensor? _p = Save(p), _t = Save(t);

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var ps = _p!.AsReadOnlySpan();
            var ts = _t!.AsReadOnlySpan();
            var gs = g.Contiguous().AsReadOnlySpan();
            var dp = Tensor.Empty(_p.ShapeArray);
            var d = dp.AsSpan();
            for (var i = 0; i < d.Length; i++)
            {
                var diff = ps[i] - ts[i];
                var slope = MathF.Abs(diff) < beta ? diff / beta : MathF.Sign(diff);
                d[i] = slope * gs[i];
            }
            if (Needs(0)) grads[0] = dp;
            if (Needs(1)) grads[1] = -dp;
        }

        internal override void Release() => (_p, _t) = (Unsave(_p), Unsave(_t));
    }

    private readonly struct BceElements(float[] x, int xo, float[] t, int to, float[] y, int yo) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                var v = x[xo + i];
                y[yo + i] = MathF.Max(v, 0f) - v * t[to + i] + MathF.Log(1f + MathF.Exp(-MathF.Abs(v)));
            }
        }
    }

    private sealed class BceNode(Tensor x, Tensor t) : GradNode(x, t)
    {
        private Tensor? _x = Save(x), _t = Save(t);

        // ∂/∂x = σ(x) − t; ∂/∂t = −x.
        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var xs = _x!.AsReadOnlySpan();
            var ts = _t!.AsReadOnlySpan();
            var gs = g.Contiguous().AsReadOnlySpan();
            if (Needs(0))
            {
                var dx = Tensor.Empty(_x.ShapeArray);
                var d = dx.AsSpan();
                for (var i = 0; i < d.Length; i++) d[i] = (1f / (1f + MathF.Exp(-xs[i])) - ts[i]) * gs[i];
                grads[0] = dx;
            }
            if (Needs(1))
            {
                var dt = Tensor.Empty(_t.ShapeArray);
                var d = dt.AsSpan();
                for (var i = 0; i < d.Length; i++) d[i] = -xs[i] * gs[i];
                grads[1] = dt;
            }
        }

        internal override void Release() => (_x, _t) = (Unsave(_x), Unsave(_t));
    }
}
