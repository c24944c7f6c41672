using H3deMl.Tensors.Randomness;

namespace H3deMl.Tensors.NN.Init;

/// <summary>
/// Parameter initialisers with PyTorch's definitions (<c>torch.nn.init</c>), filling a tensor in place from a
/// <see cref="RandomStream"/>.
/// </summary>
/// <remarks>
/// Values are drawn in row-major element order, one after another, so the same stream state always gives the same
/// tensor whatever the thread count. The distributions equal PyTorch's; the individual values do not (PyTorch's
/// generator is a different one).
/// </remarks>
public static class Initializers
{
    /// <summary>√5, the negative slope PyTorch passes to <see cref="KaimingUniform"/> in the default initialisation of convolutions and linear layers.</summary>
    public const double DefaultKaimingSlope = 2.2360679774997896964;

    private const int MaxRejections = 1_000_000;

    /// <summary>The fan-in of a weight tensor: shape[1] × the product of shape[2..] (PyTorch's <c>_calculate_fan_in_and_fan_out</c>).</summary>
    /// <param name="shape">A shape of rank 2 or more, e.g. (out, in) or (out, in/groups, kD, kH, kW).</param>
    /// <returns>The fan-in.</returns>
    /// <exception cref="ArgumentException">The rank is below 2.</exception>
    public static int FanIn(ReadOnlySpan<int> shape)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"Fan-in needs a tensor of rank 2 or more; the shape is {TensorShape.Format(shape)}.", nameof(shape));
        var fan = shape[1];
        for (var i = 2; i < shape.Length; i++) fan *= shape[i];
        return fan;
    }

    /// <summary>The fan-out of a weight tensor: shape[0] × the product of shape[2..].</summary>
    /// <param name="shape">A shape of rank 2 or more.</param>
    /// <returns>The fan-out.</returns>
    /// <exception cref="ArgumentException">The rank is below 2.</exception>
    public static int FanOut(ReadOnlySpan<int> shape)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"Fan-out needs a tensor of rank 2 or more; the shape is {TensorShape.Format(shape)}.", nameof(shape));
        var fan = shape[0];
        for (var i = 2; i < shape.Length; i++) fan *= shape[i];
        return fan;
    }

    /// <summary>Fills <paramref name="tensor"/> with U(−bound, bound), bound = gain·√(3 / fan_in), gain = √(2 / (1 + a²)) (PyTorch's <c>kaiming_uniform_</c>, fan-in mode, leaky-ReLU gain).</summary>
    /// <param name="tensor">A contiguous tensor of rank 2 or more, written in place.</param>
    /// <param name="random">The generator.</param>
    /// <param name="a">The negative slope in the gain; <see cref="DefaultKaimingSlope"/> (√5) gives bound = 1/√fan_in, PyTorch's default for layers.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The tensor's rank is below 2 or its fan-in is zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="a"/> is not finite.</exception>
    public static void KaimingUniform(Tensor tensor, RandomStream random, double a = DefaultKaimingSlope)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        if (!double.IsFinite(a)) throw new ArgumentOutOfRangeException(nameof(a), a, "The slope must be finite.");
        var fanIn = FanIn(tensor.Shape);
        if (fanIn == 0) throw new ArgumentException($"Kaiming initialisation of a tensor with shape {TensorShape.Format(tensor.Shape)} has fan-in 0.", nameof(tensor));
        var gain = Math.Sqrt(2.0 / (1.0 + a * a));
        var bound = Math.Sqrt(3.0) * (gain / Math.Sqrt(fanIn));
        random.FillUniform(tensor.AsSpan(), -bound, bound);
    }

    /// <summary>
    /// PyTorch's default initialisation of a convolution or linear layer (<c>reset_parameters</c>): the weight by
    /// <see cref="KaimingUniform"/> with a = √5, then the bias from U(−1/√fan_in, 1/√fan_in).
    /// </summary>
    /// <param name="weight">The weight, (out, in) or (out, in/groups, kD, kH, kW), written in place.</param>
    /// <param name="bias">The bias (out), written in place, or null.</param>
    /// <param name="random">The generator; the weight is drawn first, then the bias.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weight"/> or <paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentException">The weight's rank is below 2 or its fan-in is zero.</exception>
    public static void LinearOrConvDefault(Tensor weight, Tensor? bias, RandomStream random)
    {
        KaimingUniform(weight, random);
        if (bias is null) return;
        var bound = 1.0 / Math.Sqrt(FanIn(weight.Shape));
        random.FillUniform(bias.AsSpan(), -bound, bound);
    }

    /// <summary>Fills <paramref name="tensor"/> with values from U(<paramref name="low"/>, <paramref name="high"/>) (PyTorch's <c>uniform_</c>); results lie in the closed interval.</summary>
    /// <param name="tensor">A contiguous tensor, written in place.</param>
    /// <param name="random">The generator.</param>
    /// <param name="low">The lower bound.</param>
    /// <param name="high">The upper bound; at least <paramref name="low"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite or <paramref name="high"/> &lt; <paramref name="low"/>.</exception>
    public static void Uniform(Tensor tensor, RandomStream random, double low = 0, double high = 1)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        if (!double.IsFinite(low)) throw new ArgumentOutOfRangeException(nameof(low), low, "The bound must be finite.");
        if (!double.IsFinite(high) || high < low) throw new ArgumentOutOfRangeException(nameof(high), high, $"The upper bound must be finite and at least the lower bound {low}.");
        random.FillUniform(tensor.AsSpan(), low, high);
    }

    /// <summary>Fills <paramref name="tensor"/> with values from N(<paramref name="mean"/>, <paramref name="std"/>²) (PyTorch's <c>normal_</c>).</summary>
    /// <param name="tensor">A contiguous tensor, written in place.</param>
    /// <param name="random">The generator.</param>
    /// <param name="mean">The mean.</param>
    /// <param name="std">The standard deviation; zero or more.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> or <paramref name="std"/> is not finite, or <paramref name="std"/> is negative.</exception>
    public static void Normal(Tensor tensor, RandomStream random, double mean = 0, double std = 1)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        if (!double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        if (!double.IsFinite(std) || std < 0) throw new ArgumentOutOfRangeException(nameof(std), std, "The standard deviation must be finite and non-negative.");
        var span = tensor.AsSpan();
        for (var i = 0; i < span.Length; i++) span[i] = (float)(mean + std * random.NextNormal());
    }

    /// <summary>
    /// Fills <paramref name="tensor"/> with values from N(<paramref name="mean"/>, <paramref name="std"/>²) truncated to
    /// [<paramref name="a"/>, <paramref name="b"/>] (PyTorch's and timm's <c>trunc_normal_</c>).
    /// </summary>
    /// <remarks>
    /// As in PyTorch, <paramref name="a"/> and <paramref name="b"/> are absolute bounds on the values, not multiples of
    /// <paramref name="std"/>: with the defaults (−2, 2) and a small std such as 0.02 almost nothing is cut. Values are
    /// drawn by rejection (a value outside the bounds is drawn again), which gives exactly the truncated distribution;
    /// PyTorch uses the inverse CDF, which gives the same distribution but other values.
    /// </remarks>
    /// <param name="tensor">A contiguous tensor, written in place.</param>
    /// <param name="random">The generator.</param>
    /// <param name="mean">The mean of the untruncated normal.</param>
    /// <param name="std">The standard deviation of the untruncated normal; greater than 0.</param>
    /// <param name="a">The lower bound (absolute).</param>
    /// <param name="b">The upper bound (absolute); greater than <paramref name="a"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, <paramref name="std"/> ≤ 0, or <paramref name="b"/> ≤ <paramref name="a"/>.</exception>
    /// <exception cref="ArgumentException">The interval lies so far in the tail that a value could not be drawn in a million tries.</exception>
    public static void TruncatedNormal(Tensor tensor, RandomStream random, double mean = 0, double std = 1, double a = -2, double b = 2)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        if (!double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        if (!double.IsFinite(std) || std <= 0) throw new ArgumentOutOfRangeException(nameof(std), std, "The standard deviation must be finite and positive.");
        if (!double.IsFinite(a)) throw new ArgumentOutOfRangeException(nameof(a), a, "The lower bound must be finite.");
        if (!double.IsFinite(b) || b <= a) throw new ArgumentOutOfRangeException(nameof(b), b, $"The upper bound must be finite and greater than the lower bound {a}.");
        var span = tensor.AsSpan();
        float lo = (float)a, hi = (float)b;
        for (var i = 0; i < span.Length; i++)
        {
            var tries = 0;
            double v;
            do
            {
                if (++tries > MaxRejections)
                    throw new ArgumentException($"N({mean}, {std}²) has almost no mass in [{a}, {b}]; no value was drawn in {MaxRejections:N0} tries.", nameof(a));
                v = mean + std * random.NextNormal();
            }
            while (v < a || v > b);
            span[i] = Math.Clamp((float)v, lo, hi);
        }
    }

    /// <summary>Sets every element of <paramref name="tensor"/> to <paramref name="value"/>.</summary>
    /// <param name="tensor">A contiguous tensor, written in place.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    public static void Constant(Tensor tensor, float value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.AsSpan().Fill(value);
    }

    /// <summary>Sets every element of <paramref name="tensor"/> to 0.</summary>
    /// <param name="tensor">A contiguous tensor, written in place.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    public static void Zeros(Tensor tensor) => Constant(tensor, 0f);

    /// <summary>Sets every element of <paramref name="tensor"/> to 1.</summary>
    /// <param name="tensor">A contiguous tensor, written in place.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    public static void Ones(Tensor tensor) => Constant(tensor, 1f);
}
