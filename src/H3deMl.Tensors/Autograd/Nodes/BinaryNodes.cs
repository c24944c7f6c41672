namespace H3deMl.Tensors.Autograd.Nodes;

internal sealed class AddNode(Tensor a, Tensor b) : GradNode(a, b)
{
    private readonly int[] _aShape = a.ShapeArray, _bShape = b.ShapeArray;

    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        if (Needs(0)) grads[0] = TensorMath.SumToShape(g, _aShape);
        if (Needs(1)) grads[1] = TensorMath.SumToShape(g, _bShape);
    }
}

internal sealed class SubtractNode(Tensor a, Tensor b) : GradNode(a, b)
{
    private readonly int[] _aShape = a.ShapeArray, _bShape = b.ShapeArray;

    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        if (Needs(0)) grads[0] = TensorMath.SumToShape(g, _aShape);
        if (Needs(1)) grads[1] = -TensorMath.SumToShape(g, _bShape);
    }
}

internal sealed class MultiplyNode(Tensor a, Tensor b) : GradNode(a, b)
{
    private Tensor? _a = b.RequiresGrad ? Save(a) : null, _b = a.RequiresGrad ? Save(b) : null;

    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        if (Needs(0)) grads[0] = TensorMath.SumToShape(g * _b!, Inputs[0]!.ShapeArray);
        if (Needs(1)) grads[1] = TensorMath.SumToShape(g * _a!, Inputs[1]!.ShapeArray);
    }

    internal override void Release() => (_a, _b) = (Unsave(_a), Unsave(_b));
}

internal sealed class DivideNode(Tensor a, Tensor b, Tensor output) : GradNode(a, b)
{
    private Tensor? _b = Save(b), _out = b.RequiresGrad ? Save(output) : null;

    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        var gOverB = g / _b!;
        if (Needs(0)) grads[0] = TensorMath.SumToShape(gOverB, Inputs[0]!.ShapeArray);
        if (Needs(1)) grads[1] = TensorMath.SumToShape(-(gOverB * _out!), Inputs[1]!.ShapeArray);
    }

    internal override void Release() => (_b, _out) = (Unsave(_b), Unsave(_out));
}
