using H3deMl.Tensors.Autograd;
using H3deMl.TestKit;

namespace H3deMl.Tensors.Tests.Autograd;

/// <summary>
/// Checks every differentiable op's backward pass against central finite differences computed in double precision,
/// on small seeded inputs and on configurations the PyTorch fixtures do not cover (anisotropic grouped convolutions,
/// chains of ops).
/// </summary>
/// <remarks>
/// <para>The objective is L(x) = Σ_k g_k·f(x)_k with a fixed random g, accumulated in double. The engine evaluates f in
/// float32, so each derivative is the Richardson-extrapolated central difference (4·D(h/2) − D(h))/3 with h = 2⁻⁵:
/// the truncation error is O(h⁴) and the float32 rounding noise of L, about 1e-7·Σ|g·f|, is divided by the actual
/// (float-rounded) step x₊ − x₋. Inputs keep at least 4h away from kinks (ReLU at 0, clamp bounds, Smooth-L1 at ±β,
/// top-k ties).</para>
/// <para>Tolerance: |analytic − numeric| ≤ 3e-4·max|numeric| + 3e-4·|numeric| (+1e-6). Measured on this table the worst
/// error is 7.6e-5 of max|numeric| (a conv → instance-norm → leaky-ReLU → pool chain), so the margin is about 4×; a
/// wrong backward (missing factor, wrong index, lost accumulation) is off by O(1), and a 0.1 % error in the softmax
/// backward fails both the softmax and the chained cases.</para>
/// </remarks>
public sealed class FiniteDifferenceTests
{
    private const double Step = 1.0 / 32;
    private const double Rtol = 3e-4;

    public static TheoryData<string> Ops => new(OpTable.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Ops))]
    public void Backward_Op_MatchesCentralDifferences(string op)
    {
        // A seed from the name that is stable across processes (string.GetHashCode is randomised).
        var seed = op.Aggregate(17, (h, ch) => unchecked(h * 31 + ch));
        var (inputs, f) = OpTable[op](new Random(seed));
        CheckGradients(op, inputs, f);
    }

    [Fact]
    public void CheckGradients_WrongBackward_Fails()
    {
        // A deliberately wrong "gradient": x·x computed as x·Detach(x) has half the true gradient; the check must notice.
        var x = new Input("x", [3, 4], Uniform(new Random(1), 12, -2, 2));
        var e = Assert.ThrowsAny<Exception>(() => CheckGradients("probe", [x], t => t[0] * t[0].Detach()));
        Assert.Contains("grad of x", e.Message, StringComparison.Ordinal);
    }

    private sealed record Input(string Name, int[] Shape, float[] Data, bool RequiresGrad = true);

    private delegate (Input[] Inputs, Func<Tensor[], Tensor> F) Builder(Random r);

    private static readonly Dictionary<string, Builder> OpTable = new(StringComparer.Ordinal)
    {
        ["add_broadcast"] = r => (In(r, ("a", [3, 1, 4]), ("b", [2, 1])), t => t[0] + t[1]),
        ["sub_broadcast"] = r => (In(r, ("a", [2, 3]), ("b", [3])), t => t[0] - t[1]),
        ["mul_broadcast"] = r => (In(r, ("a", [2, 3, 1]), ("b", [1, 4])), t => t[0] * t[1]),
        ["div_broadcast"] = r => ([new("a", [2, 3, 4], Uniform(r, 24, -2, 2)), new("b", [3, 1], Signed(r, 3, 0.5f, 2f))], t => t[0] / t[1]),
        ["scalar_ops"] = r => ([new("x", [5, 3], Signed(r, 15, 0.5f, 2f))], t => (2f - t[0] * 3f) / 4f + 1.5f / t[0] - 0.25f),
        ["negate"] = r => (In(r, ("x", [7])), t => -t[0]),
        ["exp"] = r => (In(r, ("x", [3, 5])), t => t[0].Exp()),
        ["log"] = r => ([new("x", [3, 5], Uniform(r, 15, 0.3f, 4f))], t => t[0].Log()),
        ["sqrt"] = r => ([new("x", [3, 5], Uniform(r, 15, 0.3f, 4f))], t => t[0].Sqrt()),
        ["pow_3"] = r => (In(r, ("x", [3, 5])), t => t[0].Pow(3f)),
        ["pow_m1_5"] = r => ([new("x", [3, 5], Uniform(r, 15, 0.5f, 3f))], t => t[0].Pow(-1.5f)),
        ["square"] = r => (In(r, ("x", [3, 5])), t => t[0].Square()),
        ["abs"] = r => ([new("x", [17], Signed(r, 17, 0.2f, 2f))], t => t[0].Abs()),
        ["clamp"] = r => ([new("x", [19], Away(r, 19, -2f, 2f, [-0.5f, 0.75f]))], t => t[0].Clamp(-0.5f, 0.75f)),
        ["sum_axes_keep"] = r => (In(r, ("x", [2, 3, 4])), t => t[0].Sum([0, 2], keepDim: true)),
        ["mean_axis"] = r => (In(r, ("x", [2, 3, 4])), t => t[0].Mean(1)),
        ["mean_all"] = r => (In(r, ("x", [2, 3, 4])), t => t[0].Mean() * t[0]),
        ["views_chain"] = r => (In(r, ("x", [2, 3, 4])), t => t[0].Permute(2, 0, 1).Slice(0, 1, 2).Reshape(-1, 3).Transpose(0, 1).Unsqueeze(0).Squeeze(0)),
        ["overlapping_slices"] = r => (In(r, ("x", [5, 3])), t => t[0].Slice(0, 0, 3) * t[0].Slice(0, 2, 3)),
        ["relu"] = r => ([new("x", [23], Away(r, 23, -2f, 2f, [0f]))], t => Functional.Relu(t[0])),
        ["leaky_relu"] = r => ([new("x", [23], Away(r, 23, -2f, 2f, [0f]))], t => Functional.LeakyRelu(t[0], 0.2f)),
        ["sigmoid"] = r => ([new("x", [3, 5], Uniform(r, 15, -4f, 4f))], t => Functional.Sigmoid(t[0])),
        ["tanh"] = r => (In(r, ("x", [3, 5])), t => Functional.Tanh(t[0])),
        ["gelu"] = r => ([new("x", [3, 7], Uniform(r, 21, -3f, 3f))], t => Functional.Gelu(t[0])),
        ["softmax_axis1"] = r => (In(r, ("x", [2, 4, 3])), t => Functional.Softmax(t[0], 1)),
        ["log_softmax_axis0"] = r => (In(r, ("x", [4, 3])), t => Functional.LogSoftmax(t[0], 0)),
        ["linear"] = r => (In(r, ("x", [2, 3, 4]), ("w", [5, 4]), ("b", [5])), t => Functional.Linear(t[0], t[1], t[2])),
        ["matmul_broadcast_rhs"] = r => (In(r, ("a", [2, 3, 4]), ("b", [4, 2])), t => Functional.MatMul(t[0], t[1])),
        ["conv3d_aniso_groups2"] = r => (In(r, ("x", [1, 4, 4, 3, 5]), ("w", [2, 2, 3, 2, 3]), ("b", [2])),
            t => Functional.Conv3d(t[0], t[1], t[2], (2, 1, 2), (1, 0, 2), groups: 2)),
        ["conv3d_depthwise_k5_s2"] = r => (In(r, ("x", [1, 2, 5, 4, 6]), ("w", [2, 1, 5, 3, 5])),
            t => Functional.Conv3d(t[0], t[1], null, (2, 1, 2), (2, 1, 2), groups: 2)),
        ["avg_pool3d_default"] = r => (In(r, ("x", [1, 2, 5, 4, 3])), t => Functional.AvgPool3d(t[0])),
        ["avg_pool3d_exclude_pad"] = r => (In(r, ("x", [1, 1, 5, 4, 3])), t => Functional.AvgPool3d(t[0], 3, 2, 1, countIncludePad: false)),
        ["upsample_trilinear"] = r => (In(r, ("x", [1, 2, 2, 3, 5])), t => Functional.UpsampleTrilinear(t[0])),
        ["instance_norm"] = r => (In(r, ("x", [2, 2, 3, 2, 3])), t => Functional.InstanceNorm(t[0])),
        ["layer_norm_affine"] = r => (In(r, ("x", [3, 6]), ("w", [6]), ("b", [6])), t => Functional.LayerNorm(t[0], t[1], t[2])),
        ["concat"] = r => (In(r, ("a", [2, 3]), ("b", [2, 1]), ("c", [2, 2])), t => Functional.Concat([t[0], t[1], t[2]], 1)),
        ["split"] = r => (In(r, ("x", [5, 3])), t =>
        {
            var p = Functional.Split(t[0], 0, 2, 3);
            return Functional.Concat([p[1] * 2f, p[0].Exp()], 0);
        }),
        ["pad"] = r => (In(r, ("x", [2, 3, 4])), t => Functional.Pad(t[0], [1, 2, 0, 1], 0.5f)),
        ["gather_repeats"] = r => (In(r, ("x", [3, 4])), t => Functional.Gather(t[0], 1, new IndexTensor([0, 0, 3, 1, 2, 2, 2, 0, 3, 3, 1, 1], 3, 4))),
        ["batched_index_select"] = r => (In(r, ("x", [2, 4, 3])), t => Functional.BatchedIndexSelect(t[0], new IndexTensor([0, 3, 3, 1, 2, 2, 0, 1], 2, 2, 2))),
        ["topk"] = r => ([new("x", [3, 6], Spread(r, 18))], t => Functional.TopK(t[0], 3).Values),
        ["where"] = r => (In(r, ("a", [2, 3]), ("b", [3])), t => Functional.Where(Tensor.FromArray([1, 0, 1, 0, 0, 1], 2, 3), t[0], t[1])),
        ["mse_loss_sum"] = r => (In(r, ("p", [3, 4]), ("t", [3, 4])), t => Functional.MseLoss(t[0], t[1], Reduction.Sum)),
        ["smooth_l1_loss_mean"] = r => SmoothL1(r),
        ["bce_with_logits_soft_target"] = r => ([new("x", [3, 4], Uniform(r, 12, -5f, 5f)), new("t", [3, 4], Uniform(r, 12, 0f, 1f))],
            t => Functional.BinaryCrossEntropyWithLogits(t[0], t[1])),
        // The same tensor as several operands: the op's input gradients must add up.
        ["same_tensor_concat"] = r => (In(r, ("x", [2, 3])), t => Functional.Concat([t[0], t[0].Exp(), t[0]], 0)),
        ["same_tensor_matmul_gram"] = r => (In(r, ("a", [2, 3, 4])), t => Functional.MatMul(t[0], t[0].Transpose(1, 2))),
        ["same_tensor_where"] = r => (In(r, ("x", [2, 3])), t => Functional.Where(Tensor.FromArray([1, 0, 1, 1, 0, 0], 2, 3), t[0], t[0] * t[0])),
        ["same_tensor_linear"] = r => (In(r, ("x", [4, 4])), t => Functional.Linear(t[0], t[0], t[0].Slice(0, 1, 1).Reshape(4))),
        ["same_tensor_conv"] = r => (In(r, ("x", [1, 1, 3, 3, 3])), t => Functional.Conv3d(t[0], t[0], null, 1, 1)),
        ["mse_same_prediction_target_shifted"] = r => (In(r, ("x", [6])), t => Functional.MseLoss(t[0], t[0].Exp(), Reduction.None)),
        ["chain_transformer_block"] = r => (In(r, ("x", [2, 3, 4]), ("w1", [6, 4]), ("b1", [6]), ("ln_w", [6]), ("w2", [4, 6])),
            t => Functional.Softmax(Functional.Linear(Functional.Gelu(Functional.LayerNorm(Functional.Linear(t[0], t[1], t[2]), t[3], null)), t[4]) + t[0], -1)),
        ["chain_conv_block"] = r => (In(r, ("x", [1, 2, 4, 4, 3]), ("w", [3, 2, 3, 3, 3])),
            t => Functional.AvgPool3d(Functional.LeakyRelu(Functional.InstanceNorm(Functional.Conv3d(t[0], t[1], null, 1, 1))))),
    };

    private static (Input[], Func<Tensor[], Tensor>) SmoothL1(Random r)
    {
        // Differences at least 4h away from ±β and 0 so that the difference quotient does not straddle a kink.
        var target = Uniform(r, 16, -1f, 1f);
        var d = Away(r, 16, -2f, 2f, [-0.5f, 0f, 0.5f]);
        var pred = target.Select((v, i) => v + d[i]).ToArray();
        return ([new("p", [16], pred), new("t", [16], target)], t => Functional.SmoothL1Loss(t[0], t[1], 0.5f));
    }

    private static Input[] In(Random r, params (string Name, int[] Shape)[] specs) =>
        specs.Select(s => new Input(s.Name, s.Shape, Uniform(r, s.Shape.Aggregate(1, (a, b) => a * b), -1.5f, 1.5f))).ToArray();

    private static float[] Uniform(Random r, int n, float lo, float hi) =>
        Enumerable.Range(0, n).Select(_ => (float)(lo + (hi - lo) * r.NextDouble())).ToArray();

    private static float[] Signed(Random r, int n, float lo, float hi) =>
        Uniform(r, n, lo, hi).Select(v => r.Next(2) == 0 ? -v : v).ToArray();

    private static float[] Away(Random r, int n, float lo, float hi, float[] kinks)
    {
        var v = new float[n];
        for (var i = 0; i < n; i++)
        {
            do v[i] = (float)(lo + (hi - lo) * r.NextDouble());
            while (kinks.Any(k => Math.Abs(v[i] - k) < 4 * Step));
        }
        return v;
    }

    /// <summary>Distinct values at least 8h apart, shuffled (no top-k reordering under perturbation).</summary>
    private static float[] Spread(Random r, int n)
    {
        var v = Enumerable.Range(0, n).Select(i => (float)((i - n / 2.0) * 8 * Step)).ToArray();
        r.Shuffle(v);
        return v;
    }

    private static void CheckGradients(string op, Input[] inputs, Func<Tensor[], Tensor> f)
    {
        // Analytic gradients.
        var leaves = inputs.Select(i =>
        {
            var t = Tensor.FromArray(i.Data, i.Shape);
            t.RequiresGrad = i.RequiresGrad;
            return t;
        }).ToArray();
        var y = f(leaves);
        var rg = new Random(7);
        var g = Uniform(rg, y.Length, -1f, 1f);
        y.Backward(Tensor.FromArray(g, y.Shape.ToArray()));

        for (var k = 0; k < inputs.Length; k++)
        {
            if (!inputs[k].RequiresGrad) continue;
            Assert.True(leaves[k].Grad is not null, $"{op}: grad of {inputs[k].Name} is null after Backward().");
            var analytic = leaves[k].Grad!.ToArray();
            var numeric = new float[inputs[k].Data.Length];
            for (var j = 0; j < numeric.Length; j++)
            {
                var d1 = Difference(inputs, f, g, k, j, Step);
                var d2 = Difference(inputs, f, g, k, j, Step / 2);
                numeric[j] = (float)((4 * d2 - d1) / 3);
            }
            double max = numeric.Max(v => Math.Abs((double)v));
            Tolerance.AssertAllClose(analytic, numeric, inputs[k].Shape, Rtol, Rtol * max + 1e-6, $"{op}: grad of {inputs[k].Name} (analytic vs finite differences)");
        }
    }

    private static double Difference(Input[] inputs, Func<Tensor[], Tensor> f, float[] g, int k, int j, double h)
    {
        var x0 = inputs[k].Data[j];
        var plus = (float)(x0 + h);
        var minus = (float)(x0 - h);
        return (Objective(inputs, f, g, k, j, plus) - Objective(inputs, f, g, k, j, minus)) / ((double)plus - minus);
    }

    private static double Objective(Input[] inputs, Func<Tensor[], Tensor> f, float[] g, int k, int j, float value)
    {
        using var _ = GradMode.NoGrad();
        var ts = new Tensor[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            var data = inputs[i].Data;
            if (i == k)
            {
                data = (float[])data.Clone();
                data[j] = value;
            }
            ts[i] = Tensor.FromArray(data, inputs[i].Shape);
        }
        var y = f(ts).ToArray();
        double s = 0;
        for (var i = 0; i < y.Length; i++) s += (double)g[i] * y[i];
        return s;
    }
}
