using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>
    /// Layer normalisation over the last axis, as PyTorch's layer_norm: (x − mean)/√(var + eps)·weight + bias, with the
    /// biased variance. <paramref name="weight"/> and <paramref name="bias"/> have the last axis' size, or are null.
    /// </summary>
    /// <exception cref="ArgumentException">The affine parameters do not match the last axis.</exception>
    public static Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(x);
        var length = x.ShapeArray[^1];
        if (weight is not null && (weight.Rank != 1 || weight.ShapeArray[0] != length))
            throw new ArgumentException($"LayerNorm weight must be ({length}); got {TensorShape.Format(weight.ShapeArray)}.", nameof(weight));
        if (bias is not null && (bias.Rank != 1 || bias.ShapeArray[0] != length))
            throw new ArgumentException($"LayerNorm bias must be ({length}); got {TensorShape.Format(bias.ShapeArray)}.", nameof(bias));
        return Normalize(x, weight, bias, eps, length);
    }

    /// <summary>
    /// Instance normalisation without affine parameters, as PyTorch's InstanceNorm3d defaults: each (n, c) slice of
    /// x (N, C, spatial…) to zero mean and unit biased variance.
    /// </summary>
    /// <exception cref="ArgumentException">x has fewer than 3 axes.</exception>
    public static Tensor InstanceNorm(Tensor x, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 3) throw new ArgumentException($"InstanceNorm needs (N, C, spatial…); got {TensorShape.Format(x.ShapeArray)}.", nameof(x));
        var length = x.Length / (x.ShapeArray[0] * x.ShapeArray[1]);
        return Normalize(x, null, null, eps, length);
    }

    private static Tensor Normalize(Tensor x, Tensor? weight, Tensor? bias, float eps, int length)
    {
        var xc = x.Contiguous();
        var rows = length == 0 ? 0 : x.Length / length;
        var y = Tensor.Empty(x.ShapeArray);
        var wc = weight?.Contiguous();
        var bc = bias?.Contiguous();
        var mean = new float[rows];
        var rstd = new float[rows];
        NormalizationKernels.Forward(xc.Storage.Data, xc.Offset, y.Storage.Data, y.Offset, rows, length, eps,
            wc?.Storage.Data, wc?.Offset ?? 0, bc?.Storage.Data, bc?.Offset ?? 0, mean, rstd);
        // Without affine parameters the output is x̂ itself (bit for bit what backward would recompute), so the node keeps
        // y instead of x: the next layer usually keeps y anyway, and x can go back to the pool.
        var plain = weight is null && bias is null;
        return Tensor.Record(y, new NormalizeNode(x, weight, bias, plain ? y : xc, wc, plain, mean, rstd, rows, length));
    }

    /// <summary>The gradient of a normalisation; <paramref name="saved"/> is x, or x̂ = y when <paramref name="savedIsNormalized"/>.</summary>
    private sealed class NormalizeNode(Tensor x, Tensor? w, Tensor? b, Tensor saved, Tensor? wc, bool savedIsNormalized,
        float[] mean, float[] rstd, int rows, int length)
        : GradNode(x, w, b)
    {
        private Tensor? _x = Save(saved), _w = Save(wc);

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var gc = g.Contiguous();
            if (Needs(0))
            {
                var dx = Tensor.Empty(_x!.ShapeArray);
                NormalizationKernels.BackwardInput(_x.Storage.Data, _x.Offset, gc.Storage.Data, gc.Offset, dx.Storage.Data, dx.Offset,
                    rows, length, _w?.Storage.Data, _w?.Offset ?? 0, mean, rstd, savedIsNormalized);
                grads[0] = dx;
            }
            if (Needs(1) || Needs(2))
            {
                var dw = Tensor.Empty(length);
                var db = Tensor.Empty(length);
                NormalizationKernels.BackwardAffine(_x!.Storage.Data, _x.Offset, gc.Storage.Data, gc.Offset, rows, length, mean, rstd, dw.AsSpan(), db.AsSpan());
                if (Needs(1)) grads[1] = dw;
                if (Needs(2)) grads[2] = db;
            }
        }

        internal override void Release() => (_x, _w) = (Unsave(_x), Unsave(_w));
    }
}
