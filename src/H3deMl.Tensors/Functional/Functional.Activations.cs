using H3deMl.Tensors.Autograd.Nodes;
using H3deMl.Tensors.Kernels;
using H3deMl.Tensors.Kernels.Operators;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>max(x, 0) element-wise.</summary>
    public static Tensor Relu(Tensor x)
    {
        var r = UnaryKernel.Apply(x, new ReluOperator());
        return Tensor.Record(r, new ReluNode(x, r));
    }

    /// <summary>x for x &gt; 0, else slope·x (PyTorch's default slope 0.01).</summary>
    public static Tensor LeakyRelu(Tensor x, float slope = 0.01f) =>
        LeakyReluWithNode(x, slope);

    private static Tensor LeakyReluWithNode(Tensor x, float slope)
    {
        var y = UnaryKernel.Apply(x, new LeakyReluOperator(slope));
        // For a positive slope, y > 0 exactly where x > 0: the node keeps y, which the next layer usually keeps anyway.
        return Tensor.Record(y, new LeakyReluNode(x, slope > 0 ? y : x, slope));
    }

    /// <summary>1 / (1 + e^(−x)) element-wise.</summary>
    public static Tensor Sigmoid(Tensor x)
    {
        var r = UnaryKernel.Apply(x, new SigmoidOperator());
        return Tensor.Record(r, new SigmoidNode(x, r));
    }

    /// <summary>Hyperbolic tangent element-wise.</summary>
    public static Tensor Tanh(Tensor x)
    {
        var r = UnaryKernel.Apply(x, new TanhOperator());
        return Tensor.Record(r, new TanhNode(x, r));
    }
}
