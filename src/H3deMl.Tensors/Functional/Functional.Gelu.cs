using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>GELU with the exact erf form: 0.5·x·(1 + erf(x/√2)) (PyTorch's default <c>approximate='none'</c>).</summary>
    public static Tensor Gelu(Tensor x)
    {
        var src = x.Contiguous();
        var r = Tensor.Empty(x.ShapeArray);
        GeluKernel.Forward(src.Storage.Data, src.Offset, r.Storage.Data, r.Offset, r.Length);
        return Tensor.Record(r, new GeluNode(src));
    }

    private sealed class GeluNode(Tensor x) : GradNode(x)
    {
        private Tensor? _x = Save(x);

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var gc = g.Contiguous();
            var r = Tensor.Empty(_x!.ShapeArray);
            GeluKernel.Backward(_x.Storage.Data, _x.Offset, gc.Storage.Data, gc.Offset, r.Storage.Data, r.Offset, r.Length);
            grads[0] = r;
        }

        internal override void Release() => _x = Unsave(_x);
    }
}
