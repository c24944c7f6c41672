using H3deMl.Tensors.Kernels;

namespace H3deMl.Tensors.Autograd.Nodes;

internal sealed class ReluNode(Tensor x, Tensor output) : GradNode(x)
{
    private Tensor? _out = Save(output);

    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        var o = _out!.AsReadOnlySpan();
        var gc = g.Contiguous().AsReadOnlySpan();
        var r = Tensor.Empty(_out.ShapeArray);
        var d = r.AsSpan();
        for (var i = 0; i < d.Length; i++) d[i] = o[i] > 0f ? gc[i] : 0f;
        grads[0] = r;
    }

    internal override void Release() => _out = Unsave(_out);
}

/// <summary>Gradient of LeakyReLU; <paramref name="signSource"/> is x, or the output y when the slope is positive (same sign).</summary>
internal sealed class LeakyReluNode(Tensor x, Tensor signSource, float slope) : GradNode(x)
{
    private Tensor? _x = Save(signSource);

    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        var xs = _x!.Contiguous().AsReadOnlySpan();
        var gc = g.Contiguous().AsReadOnlySpan();
        var r = Tensor.Empty(_x.ShapeArray);
        LeakyRelu.Backward(xs, gc, r.AsSpan(), slope);
        grads[0] = r;
    }

    internal override void Release() => _x = Unsave(_x);
}

internal sealed class SigmoidNode(Tensor x, Tensor output) : GradNode(x)
{
    private Tensor? _out = Save(output);

    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        var o = _out!.AsReadOnlySpan();
        var gc = g.Contiguous().AsReadOnlySpan();
        var r = Tensor.Empty(_out.ShapeArray);
        var d = r.AsSpan();
        for (var i = 0; i < d.Length; i++) d[i] = gc[i] * o[i] * (1f - o[i]);
        grads[0] = r;
    }

    internal override void Release() => _out = Unsave(_out);
}

internal sealed class TanhNode(Tensor x, Tensor output) : GradNode(x)
{
    private Tensor? _out = Save(output);

    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        var o = _out!.AsReadOnlySpan();
        var gc = g.Contiguous().AsReadOnlySpan();
        var r = Tensor.Empty(_out.ShapeArray);
        var d = r.AsSpan();
        for (var i = 0; i < d.Length; i++) d[i] = gc[i] * (1f - o[i] * o[i]);
        grads[0] = r;
    }

    internal override void Release() => _out = Unsave(_out);
}
