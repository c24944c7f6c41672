namespace H3deMl.Tensors;

/// <summary>
/// Differentiable neural-network operations on <see cref="Tensor"/>s, in the spirit of PyTorch's
/// <c>torch.nn.functional</c>: same argument meanings and results (checked against PyTorch 1.13 in the tests).
/// </summary>
public static partial class Functional
{
}
