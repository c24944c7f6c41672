namespace H3deMl.Tensors.Autograd.Nodes;

/// <summary>A copy (clone, contiguous): the gradient passes through unchanged.</summary>
internal sealed class IdentityNode(Tensor input) : GradNode(input)
{
    internal override void Backward(Tensor gradOutput, Tensor?[] inputGrads) => inputGrads[0] = gradOutput;
}
