using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>
/// AveragePool, MaxPool and their global forms over 1–3 spatial axes. A cubic, symmetric 3D average pool runs on the
/// engine's pooling kernel; every other setting (per-axis kernels, asymmetric pads, ceil mode, dilation) on a general
/// window loop with PyTorch's and ONNX's divisor rules.
/// </summary>
internal static class PoolingOperators
{
    internal static void Register(OperatorRegistry r)
    {
        r.Add("AveragePool", c => Pool(c, max: false));
        r.Add("MaxPool", c => Pool(c, max: true));
        r.Add("GlobalAveragePool", _ => (i, o) => o[0] = Global(i[0]!.AsFloatTensor(), max: false));
        r.Add("GlobalMaxPool", _ => (i, o) => o[0] = Global(i[0]!.AsFloatTensor(), max: true));
    }

    private static OnnxValue Global(Tensor x, bool max)
    {
        var axes = Enumerable.Range(2, x.Rank - 2).ToArray();
        return max ? ReductionOperators.Reduce(OnnxValue.FromTensor(x), axes, true, ReductionOperators.Kind.Max) : OnnxValue.FromTensor(x.Mean(axes, keepDim: true));
    }

    private static OnnxKernel Pool(OnnxNodeContext c, bool max)
    {
        var attrs = SpatialAttributes.Read(c);
        if (attrs.Kernel is null) throw c.Unsupported("the kernel_shape attribute is required.");
        var ceil = c.Int("ceil_mode", 0) != 0;
        var includePad = c.Int("count_include_pad", 0) != 0;
        c.MaxOutputs(1);
        var kernel = attrs.Kernel;
        return (i, o) =>
        {
            var x = i[0]!.AsFloatTensor();
            var spatial = x.Rank - 2;
            if (kernel.Length != spatial) throw new OnnxModelException($"kernel_shape has {kernel.Length} values; the input {i[0]} has {spatial} spatial axes.");
            var strides = attrs.Strides(spatial);
            var dil = attrs.Dilations(spatial);
            var (begin, end) = attrs.Pads(x.Shape[2..].ToArray(), kernel);
            if (!max && spatial == 3 && !ceil && dil.All(d => d == 1) && kernel.All(k => k == kernel[0]) && strides.All(s => s == strides[0])
                && begin.Concat(end).All(p => p == begin[0]) && begin[0] <= kernel[0] / 2)
            {
                o[0] = OnnxValue.FromTensor(Functional.AvgPool3d(x, kernel[0], strides[0], begin[0], includePad));
                return;
            }
            var x5 = ConvolutionOperators.To5d(x, max ? "MaxPool" : "AveragePool");
            var y = General(x5, ConvolutionOperators.Lift(kernel, 1), ConvolutionOperators.Lift(strides, 1), ConvolutionOperators.Lift(dil, 1),
                ConvolutionOperators.Lift(begin, 0), ConvolutionOperators.Lift(end, 0), ceil, includePad, max);
            o[0] = OnnxValue.FromTensor(x.Rank == 5 ? y : y.ReshapeNoGrad([.. y.Shape[..2], .. y.Shape[(5 - spatial)..]]));
        };
    }

    private static int OutputSize(int input, int kernel, int stride, int dilation, int begin, int end, bool ceil)
    {
        var span = input + begin + end - ((kernel - 1) * dilation + 1);
        if (span < 0) throw new OnnxModelException($"pooling window ({kernel}) is larger than the padded input ({input + begin + end}).");
        var n = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (n - 1) * stride >= input + begin) n--; // the last window must start inside the input or the leading padding
        return n;
    }

    private static Tensor General(Tensor x, int[] k, int[] s, int[] d, int[] b, int[] e, bool ceil, bool includePad, bool max)
    {
        var xs = x.ShapeArray;
        int[] inSize = [xs[2], xs[3], xs[4]];
        var outSize = new int[3];
        for (var a = 0; a < 3; a++) outSize[a] = OutputSize(inSize[a], k[a], s[a], d[a], b[a], e[a], ceil);
        var y = Tensor.Empty(xs[0], xs[1], outSize[0], outSize[1], outSize[2]);
        var xc = x.Contiguous();
        var src = xc.Storage.Data;
        var srcOffset = xc.Offset;
        var dst = y.Storage.Data;
        var inVoxels = inSize[0] * inSize[1] * inSize[2];
        var outVoxels = outSize[0] * outSize[1] * outSize[2];
        Parallelism.For(xs[0] * xs[1], plane =>
        {
            var ib = srcOffset + plane * inVoxels;
            var ob = plane * outVoxels;
            for (var od = 0; od < outSize[0]; od++)
                for (var oh = 0; oh < outSize[1]; oh++)
                    for (var ow = 0; ow < outSize[2]; ow++)
                    {
                        int d0 = od * s[0] - b[0], h0 = oh * s[1] - b[1], w0 = ow * s[2] - b[2];
                        var acc = max ? float.NegativeInfinity : 0f;
                        var inside = 0;
                        for (var kd = 0; kd < k[0]; kd++)
                        {
                            var id = d0 + kd * d[0];
                            if ((uint)id >= (uint)inSize[0]) continue;
                            for (var kh = 0; kh < k[1]; kh++)
                            {
                                var ih = h0 + kh * d[1];
                                if ((uint)ih >= (uint)inSize[1]) continue;
                                for (var kw = 0; kw < k[2]; kw++)
                                {
                                    var iw = w0 + kw * d[2];
                                    if ((uint)iw >= (uint)inSize[2]) continue;
                                    var v = src[ib + (id * inSize[1] + ih) * inSize[2] + iw];
                                    acc = max ? MathF.Max(acc, v) : acc + v;
                                    inside++;
                                }
                            }
                        }
                        float result;
                        if (max) result = acc;
                        else if (includePad)
                        {
                            // PyTorch's rule: the window clipped to the padded input (not to the input).
                            var count = 1;
                            for (var a = 0; a < 3; a++)
                            {
                                var start = (a == 0 ? od : a == 1 ? oh : ow) * s[a] - b[a];
                                var stop = Math.Min(start + (k[a] - 1) * d[a] + 1, inSize[a] + e[a]);
                                count *= (stop - start + d[a] - 1) / d[a];
                            }
                            result = acc / count;
                        }
                        else result = inside == 0 ? 0f : acc / inside;
                        dst[ob + (od * outSize[1] + oh) * outSize[2] + ow] = result;
                    }
        });
        return y;
    }
}
