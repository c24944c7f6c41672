using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>
    /// 3D average pooling of x (N, C, D, H, W) with a cubic kernel, as PyTorch's avg_pool3d (floor mode). With
    /// <paramref name="countIncludePad"/> the divisor is always kernel³; otherwise the number of in-bounds voxels.
    /// </summary>
    /// <exception cref="ArgumentException">x is not 5-D, or the window does not fit.</exception>
    public static Tensor AvgPool3d(Tensor x, int kernel = 3, int stride = 2, int padding = 1, bool countIncludePad = true)
    {
        RequireRank5(x, nameof(AvgPool3d));
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (padding < 0 || padding > kernel / 2) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be between 0 and half the kernel (as PyTorch requires).");
        var s = x.ShapeArray;
        int od = PoolingKernels.OutputSize(s[2], kernel, stride, padding), oh = PoolingKernels.OutputSize(s[3], kernel, stride, padding),
            ow = PoolingKernels.OutputSize(s[4], kernel, stride, padding);
        if (od < 1 || oh < 1 || ow < 1) throw new ArgumentException($"AvgPool3d: input {TensorShape.Format(s)} is smaller than the kernel {kernel}.", nameof(x));
        var xc = x.Contiguous();
        var y = Tensor.Empty(s[0], s[1], od, oh, ow);
        PoolingKernels.AvgPoolForward(xc.Storage.Data, xc.Offset, y.Storage.Data, s[0] * s[1], s[2], s[3], s[4], kernel, stride, padding, countIncludePad);
        return Tensor.Record(y, new AvgPoolNode(x, kernel, stride, padding, countIncludePad));
    }

    /// <summary>
    /// Trilinear upsampling of x (N, C, D, H, W) by an integer factor with align_corners = false, as PyTorch's
    /// interpolate(mode='trilinear', scale_factor=scale).
    /// </summary>
    /// <exception cref="ArgumentException">x is not 5-D.</exception>
    public static Tensor UpsampleTrilinear(Tensor x, int scale = 2)
    {
        RequireRank5(x, nameof(UpsampleTrilinear));
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var s = x.ShapeArray;
        var xc = x.Contiguous();
        var y = Tensor.Empty(s[0], s[1], s[2] * scale, s[3] * scale, s[4] * scale);
        UpsampleKernels.Forward(xc.Storage.Data, xc.Offset, y.Storage.Data, s[0] * s[1], s[2], s[3], s[4], s[2] * scale, s[3] * scale, s[4] * scale);
        return Tensor.Record(y, new UpsampleNode(x, scale));
    }

    private static void RequireRank5(Tensor x, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 5) throw new ArgumentException($"{op} needs (N, C, D, H, W); got {TensorShape.Format(x.ShapeArray)}.", nameof(x));
    }

    private sealed class AvgPoolNode(Tensor x, int k, int s, int p, bool cip) : GradNode(x)
    {
        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var sh = Inputs[0]!.ShapeArray;
            var gc = g.Contiguous();
            var dx = Tensor.Empty(sh);
            PoolingKernels.AvgPoolBackward(gc.Storage.Data, gc.Offset, dx.Storage.Data, sh[0] * sh[1], sh[2], sh[3], sh[4], k, s, p, cip);
            grads[0] = dx;
        }
    }

    private sealed class UpsampleNode(Tensor x, int scale) : GradNode(x)
    {
        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var sh = Inputs[0]!.ShapeArray;
            var gc = g.Contiguous();
            var dx = Tensor.Empty(sh);
            UpsampleKernels.Backward(gc.Storage.Data, gc.Offset, dx.Storage.Data, sh[0] * sh[1], sh[2], sh[3], sh[4], sh[2] * scale, sh[3] * scale, sh[4] * scale);
            grads[0] = dx;
        }
    }
}
