using H3deMl.Tensors.Kernels;
using H3deMl.Tensors.Kernels.Operators;

namespace H3deMl.Tensors.Autograd.Nodes;

internal sealed class NegateNode(Tensor x) : GradNode(x)
{
    internal override void Backward(Tensor g, Tensor?[] grads) => grads[0] = -g;
}

internal sealed class ScaleNode(Tensor x, float scale) : GradNode(x)
{
    internal override void Backward(Tensor g, Tensor?[] grads) => grads[0] = g * scale;
}

internal sealed class ReciprocalScaleNode(Tensor x, Tensor output) : GradNode(x)
{
    private Tensor? _x = Save(x), _out = Save(output);

    // d(s/x)/dx = −s/x² = −out/x
    internal override void Backward(Tensor g, Tensor?[] grads) => grads[0] = -(g * _out! / _x!);

    internal override void Release() => (_x, _out) = (Unsave(_x), Unsave(_out));
}

internal sealed class ExpNode(Tensor x, Tensor output) : GradNode(x)
{
    private Tensor? _out = Save(output);

    internal override void Backward(Tensor g, Tensor?[] grads) => grads[0] = g * _out!;

    internal override void Release() => _out = Unsave(_out);
}

internal sealed class LogNode(Tensor x) : GradNode(x)
{
    private Tensor? _x = Save(x);

    internal override void Backward(Tensor g, Tensor?[] grads) => grads[0] = g / _x!;

    internal override void Release() => _x = Unsave(_x);
}

internal sealed class SqrtNode(Tensor x, Tensor output) : GradNode(x)
{
    private Tensor? _out = Save(output);

    internal override void Backward(Tensor g, Tensor?[] grads) => grads[0] = g * 0.5f / _out!;

    internal override void Release() => _out = Unsave(_out);
}

internal sealed class PowNode(Tensor x, float exponent) : GradNode(x)
{
    private Tensor? _x = Save(x);

    internal override void Backward(Tensor g, Tensor?[] grads) =>
        grads[0] = exponent == 2f ? g * _x! * 2f : g * UnaryKernel.Apply(_x!, new PowOperator(exponent - 1f)) * exponent;

    internal override void Release() => _x = Unsave(_x);
}

internal sealed class AbsNode(Tensor x) : GradNode(x)
{
    private Tensor? _x = Save(x);

    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        var x = _x!.Contiguous().AsReadOnlySpan();
        var gc = g.Contiguous().AsReadOnlySpan();
        var r = Tensor.Empty(_x.ShapeArray);
        var d = r.AsSpan();
        for (var i = 0; i < d.Length; i++) d[i] = x[i] > 0 ? gc[i] : x[i] < 0 ? -gc[i] : 0f;
        grads[0] = r;
    }

    internal override void Release() => _x = Unsave(_x);
}

/// <summary>Gradient passes where min ≤ x ≤ max (inclusive, as PyTorch's clamp).</summary>
internal sealed class ClampNode(Tensor x, float min, float max) : GradNode(x)
{
    private Tensor? _x = Save(x);

    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        var x = _x!.Contiguous().AsReadOnlySpan();
        var gc = g.Contiguous().AsReadOnlySpan();
        var r = Tensor.Empty(_x.ShapeArray);
        var d = r.AsSpan();
        for (var i = 0; i < d.Length; i++) d[i] = x[i] >= min && x[i] <= max ? gc[i] : 0f;
        grads[0] = r;
    }

    internal override void Release() => _x = Unsave(_x);
}
