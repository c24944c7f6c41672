
using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>BatchNormalization (inference), InstanceNormalization, LayerNormalization, Softmax and LogSoftmax.</summary>
internal static class NormalizationOperators
{
    internal static void Register(OperatorRegistry r)
    {
        r.Add("BatchNormalization", c =>
        {
            var eps = c.Float("epsilon", 1e-5f);
            c.Require("training_mode", 0, 0);
            c.MaxOutputs(1);
            return (i, o) =>
            {
                var scale = i[1]!.AsFloatTensor().ToArray();
                var bias = i[2]!.AsFloatTensor().ToArray();
                var mean = i[3]!.AsFloatTensor().ToArray();
                var variance = i[4]!.AsFloatTensor().ToArray();
                var a = new float[scale.Length];
                var b = new float[scale.Length];
                for (var k = 0; k < a.Length; k++)
                {
                    a[k] = (float)(scale[k] / Math.Sqrt(variance[k] + (double)eps));
                    b[k] = bias[k] - mean[k] * a[k];
                }
                var x = i[0]!.AsFloatTensor();
                var y = Tensor.Empty(x.ShapeArray);
                x.CopyStridedTo(y.AsSpan());
                o[0] = OnnxValue.FromTensor(ChannelAffine(y, a, b));
            };
        });
        r.Add("InstanceNormalization", c =>
        {
            var eps = c.Float("epsilon", 1e-5f);
            return (i, o) =>
            {
                var y = Functional.InstanceNorm(i[0]!.AsFloatTensor(), eps);
                o[0] = OnnxValue.FromTensor(ChannelAffine(y, i[1]!.AsFloatTensor().ToArray(), i[2]!.AsFloatTensor().ToArray()));
            };
        });
        r.Add("LayerNormalization", c =>
        {
            var axis = c.Int("axis", -1);
            var eps = c.Float("epsilon", 1e-5f);
            c.MaxOutputs(1);
            return (i, o) =>
            {
                var x = i[0]!.AsFloatTensor();
                var a = ValueHelpers.Axis(axis, x.Rank);
                var normalized = x.Shape[a..].ToArray();
                var size = TensorShape.Count(normalized);
                var scale = Flatten(i[1]!.AsFloatTensor(), normalized);
                var bias = i.Length > 2 && i[2] is { } bv ? Flatten(bv.AsFloatTensor(), normalized) : null;
                var y = a == x.Rank - 1
                    ? Functional.LayerNorm(x, scale, bias, eps)
                    : Functional.LayerNorm(x.Contiguous().ReshapeNoGrad([size == 0 ? 0 : x.Length / size, size]), scale, bias, eps).ReshapeNoGrad(x.ShapeArray);
                o[0] = OnnxValue.FromTensor(y);
            };
        });
        r.Add("Softmax", c =>
        {
            var axis = c.Int("axis", -1);
            return (i, o) =>
            {
                var x = i[0]!.AsFloatTensor();
                o[0] = OnnxValue.FromTensor(Functional.Softmax(x, ValueHelpers.Axis(axis, x.Rank)));
            };
        });
        r.Add("LogSoftmax", c =>
        {
            var axis = c.Int("axis", -1);
            return (i, o) =>
            {
                var x = i[0]!.AsFloatTensor();
                o[0] = OnnxValue.FromTensor(Functional.LogSoftmax(x, ValueHelpers.Axis(axis, x.Rank)));
            };
        });
    }

    /// <summary>The scale or bias as a 1-D tensor over the normalised axes (broadcast when given with fewer elements).</summary>
    private static Tensor Flatten(Tensor t, int[] normalized)
    {
        var size = TensorShape.Count(normalized);
        if (t.Length == size) return t.Contiguous().ReshapeNoGrad([size]);
        return Broadcasting.ExpandView(t, normalized).Contiguous().ReshapeNoGrad([size]);
    }

    /// <summary>y[n, c, …] = y[n, c, …]·a[c] + b[c] in place on a fresh contiguous tensor (N, C, …).</summary>
    internal static Tensor ChannelAffine(Tensor y, float[] a, float[] b)
    {
        var channels = y.ShapeArray[1];
        if (a.Length != channels || b.Length != channels)
            throw new OnnxModelException($"per-channel parameters have {a.Length} and {b.Length} values; the input has {channels} channels.");
        if (a.All(v => v == 1f) && b.All(v => v == 0f)) return y; // PyTorch exports InstanceNorm3d without affine as scale 1, bias 0
        var plane = y.Length / Math.Max(1, y.ShapeArray[0] * channels);
        var data = y.Storage.Data;
        var offset = y.Offset;
        Parallelism.For(y.ShapeArray[0] * channels, p =>
        {
            var span = new Span<float>(data, offset + p * plane, plane);
            var ch = p % channels;
            System.Numerics.Tensors.TensorPrimitives.Multiply(span, a[ch], span);
            System.Numerics.Tensors.TensorPrimitives.Add(span, b[ch], span);
        });
        return y;
    }
}
