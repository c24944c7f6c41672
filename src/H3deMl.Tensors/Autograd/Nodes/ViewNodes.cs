namespace H3deMl.Tensors.Autograd.Nodes;

internal sealed class ReshapeNode(Tensor x) : GradNode(x)
{
    internal override void Backward(Tensor g, Tensor?[] grads) => grads[0] = g.ReshapeNoGrad(Inputs[0]!.ShapeArray);
}

internal sealed class PermuteNode(Tensor x, int[] axes) : GradNode(x)
{
    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        var inverse = new int[axes.Length];
        for (var i = 0; i < axes.Length; i++) inverse[axes[i]] = i;
        grads[0] = g.Permute(inverse).Contiguous();
    }
}

/// <summary>A slice along one axis: the gradient is zero outside the slice.</summary>
internal sealed class SliceNode(Tensor x, int axis, int start) : GradNode(x)
{
    internal override void Backward(Tensor g, Tensor?[] grads)
    {
        var input = Inputs[0]!;
        var r = Tensor.Zeros(input.ShapeArray);
        var view = r.SliceNoGrad(axis, start, g.ShapeArray[axis]);
        var gc = g.Contiguous();
        StridedCopy.ScatterAdd(gc.AsReadOnlySpan(), view.Storage.Data, view.Offset, view.ShapeArray, view.StridesArray);
        grads[0] = r;
    }
}
