using H3deMl.Tensors.Kernels;
using H3deMl.Tensors.Kernels.Operators;

namespace H3deMl.Tensors.Autograd.Nodes;

/// <summary>Sum (scale 1) or mean (scale 1/count) over axes: the gradient is broadcast back, times the scale.</summary>
internal sealed class SumNode(Tensor x, int[] keptShape, float scale) : GradNode(x)
{
    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        var input = Inputs[0]!;
        var gk = g.ReshapeNoGrad(keptShape);
        var r = Tensor.Empty(input.ShapeArray);
        BinaryKernel.ApplyInto<MultiplyOperator>(gk, Tensor.Scalar(scale), r);
        grads[0] = r;
    }
}
