using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>3D convolution (cross-correlation) of x (N, Cin, D, H, W) with weight (Cout, Cin/groups, kD, kH, kW), as PyTorch's conv3d.</summary>
    /// <param name="x">Input, (N, Cin, D, H, W).</param>
    /// <param name="weight">Kernel, (Cout, Cin/groups, kD, kH, kW).</param>
    /// <param name="bias">Per-output-channel bias (Cout), or null.</param>
    /// <param name="stride">Stride on every axis, ≥ 1.</param>
    /// <param name="padding">Zero padding on both sides of every axis, ≥ 0.</param>
    /// <param name="groups">Channel groups: 1 is dense, Cin (= Cout) is depthwise.</param>
    /// <exception cref="ArgumentException">Shapes that do not fit together.</exception>
    public static Tensor Conv3d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int groups = 1) =>
        Conv3d(x, weight, bias, (stride, stride, stride), (padding, padding, padding), groups);

    /// <summary>3D convolution with per-axis stride and padding, given as (D, H, W).</summary>
    /// <exception cref="ArgumentException">Shapes that do not fit together.</exception>
    public static Tensor Conv3d(Tensor x, Tensor weight, Tensor? bias, (int D, int H, int W) stride, (int D, int H, int W) padding, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (x.Rank != 5 || weight.Rank != 5)
            throw new ArgumentException($"Conv3d needs x (N, C, D, H, W) and weight (Cout, Cin/groups, kD, kH, kW); got {TensorShape.Format(x.ShapeArray)} and {TensorShape.Format(weight.ShapeArray)}.");
        if (stride.D < 1 || stride.H < 1 || stride.W < 1) throw new ArgumentOutOfRangeException(nameof(stride), "Strides must be at least 1.");
        if (padding.D < 0 || padding.H < 0 || padding.W < 0) throw new ArgumentOutOfRangeException(nameof(padding), "Padding must not be negative.");
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        var xs = x.ShapeArray;
        var ws = weight.ShapeArray;
        if (xs[1] % groups != 0 || ws[0] % groups != 0 || ws[1] * groups != xs[1])
            throw new ArgumentException($"Conv3d: {xs[1]} input channels, weight {TensorShape.Format(ws)} and {groups} groups do not fit (weight axis 1 must be Cin/groups).");
        if (bias is not null && (bias.Rank != 1 || bias.ShapeArray[0] != ws[0]))
            throw new ArgumentException($"Conv3d bias must be ({ws[0]}); got {TensorShape.Format(bias.ShapeArray)}.", nameof(bias));
        var g = new Conv3dGeometry(xs[0], xs[1], xs[2], xs[3], xs[4], ws[0], ws[2], ws[3], ws[4],
            stride.D, stride.H, stride.W, padding.D, padding.H, padding.W, groups);
        if (g.OD < 1 || g.OH < 1 || g.OW < 1)
            throw new ArgumentException($"Conv3d: the padded input {TensorShape.Format(xs)} is smaller than the kernel {TensorShape.Format(ws)}.", nameof(x));
        var xc = x.Contiguous();
        var wc = weight.Contiguous();
        var bc = bias?.Contiguous();
        var y = Tensor.Empty(g.Batch, g.OutChannels, g.OD, g.OH, g.OW);
        Conv3dKernels.Forward(g, xc.AsReadOnlySpan(), wc.AsReadOnlySpan(), bc is null ? default : bc.AsReadOnlySpan(), y.AsSpan());
        return Tensor.Record(y, new Conv3dNode(x, weight, bias, xc, wc, g));
    }

    private sealed class Conv3dNode(Tensor x, Tensor w, Tensor? b, Tensor xc, Tensor wc, Conv3dGeometry geometry) : GradNode(x, w, b)
    {
        private Tensor? _x = Save(xc), _w = Save(wc);

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var gc = g.Contiguous();
            if (Needs(0))
            {
                var dx = Tensor.Empty(_x!.ShapeArray);
                Conv3dKernels.BackwardInput(geometry, gc.AsReadOnlySpan(), _w!.AsReadOnlySpan(), dx.AsSpan());
                grads[0] = dx;
            }
            if (Needs(1) || Needs(2))
            {
                var dw = Tensor.Empty(_w!.ShapeArray);
                var db = Needs(2) ? Tensor.Empty(geometry.OutChannels) : null;
                Conv3dKernels.BackwardWeight(geometry, _x!.AsReadOnlySpan(), gc.AsReadOnlySpan(), dw.AsSpan(), db is null ? default : db.AsSpan());
                if (Needs(1)) grads[1] = dw;
                if (Needs(2)) grads[2] = db;
            }
        }

        internal override void Release() => (_x, _w) = (Unsave(_x), Unsave(_w));
    }
}
