using H3deMl.Tensors.NN;

namespace H3deMl.Tensors.Optim;

/// <summary>Gradient clipping, as PyTorch's <c>clip_grad_norm_</c> and <c>clip_grad_value_</c>; gradients are changed in place.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their global L2 norm is at most <paramref name="maxNorm"/>; parameters
    /// without a gradient are skipped.
    /// </summary>
    /// <remarks>
    /// The total norm is √(Σ g²) over every gradient element, accumulated in double in a fixed order (four interleaved
    /// partial sums per tensor, tensors in the order given), so it is the same for any thread count and machine. As in
    /// PyTorch, the factor is maxNorm / (norm + 1e-6) computed in float32, and gradients are multiplied by it only when
    /// it is below 1.
    /// </remarks>
    /// <param name="parameters">The parameters whose gradients are clipped.</param>
    /// <param name="maxNorm">The largest allowed norm; finite and positive.</param>
    /// <returns>The total norm before clipping (infinite or NaN when a gradient holds such values; nothing is scaled then).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not finite and positive.</exception>
    public static float ClipByNorm(IEnumerable<ModuleParameter> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!double.IsFinite(maxNorm) || maxNorm <= 0) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be finite and positive.");
        var grads = Gradients(parameters);
        double sumSquares = 0;
        foreach (var g in grads) sumSquares += SumOfSquares(g.AsReadOnlySpan());
        var total = (float)Math.Sqrt(sumSquares);
        if (!float.IsFinite(total)) return total;
        var coefficient = 1f / (total + 1e-6f) * (float)maxNorm;
        if (coefficient < 1f)
            foreach (var g in grads) System.Numerics.Tensors.TensorPrimitives.Multiply(g.AsReadOnlySpan(), coefficient, g.AsSpan());
        return total;
    }

    /// <summary>Limits every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>]; parameters without a gradient are skipped.</summary>
    /// <param name="parameters">The parameters whose gradients are clipped.</param>
    /// <param name="clipValue">The largest allowed magnitude; finite and non-negative.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative or not finite.</exception>
    public static void ClipByValue(IEnumerable<ModuleParameter> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!double.IsFinite(clipValue) || clipValue < 0) throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "The clip value must be finite and non-negative.");
        var c = (float)clipValue;
        foreach (var g in Gradients(parameters))
        {
            var s = g.AsSpan();
            for (var i = 0; i < s.Length; i++) s[i] = Math.Clamp(s[i], -c, c); // NaN stays NaN, as torch.clamp
        }
    }

    private static List<Tensor> Gradients(IEnumerable<ModuleParameter> parameters)
    {
        var list = new List<Tensor>();
        foreach (var p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            var g = p.Grad;
            if (g is null) continue;
            if (!g.IsContiguous)
            {
                // Clip a contiguous copy (garbage-collected, so it outlives any TensorScope) in place of the strided view.
                g = Tensor.Wrap(g.ToArray(), g.Shape.ToArray());
                p.Grad = g;
            }
            list.Add(g);
        }
        return list;
    }

    /// <summary>Σ x² in double with four interleaved partial sums combined as (s0 + s1) + (s2 + s3): a fixed order on every machine.</summary>
    internal static double SumOfSquares(ReadOnlySpan<float> x)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i <= x.Length - 4; i += 4)
        {
            s0 += (double)x[i] * x[i];
            s1 += (double)x[i + 1] * x[i + 1];
            s2 += (double)x[i + 2] * x[i + 2];
            s3 += (double)x[i + 3] * x[i + 3];
        }
        if (i < x.Length) s0 += (double)x[i] * x[i];
        if (i + 1 < x.Length) s1 += (double)x[i + 1] * x[i + 1];
        if (i + 2 < x.Length) s2 += (double)x[i + 2] * x[i + 2];
        return (s0 + s1) + (s2 + s3);
    }
}
