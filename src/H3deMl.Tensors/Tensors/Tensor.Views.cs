namespace H3deMl.Tensors;

public sealed partial class Tensor
{
    /// <summary>A view with a new shape over the same contiguous storage (no record; internal).</summary>
    internal Tensor ReshapeNoGrad(int[] shape)
    {
        var src = Contiguous();
        return new Tensor(src.Storage, src.Offset, shape, TensorShape.ContiguousStrides(shape));
    }
}
