using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>
/// Conv and ConvTranspose over 1, 2 or 3 spatial axes. Everything runs as a 3D operation (1D and 2D inputs gain
/// unit axes), so Conv uses the engine's blocked 3D convolution kernels; dilation is run as a zero-inserted kernel and
/// asymmetric padding as explicit padding. ConvTranspose runs as one GEMM per group followed by a scatter (col2im).
/// </summary>
internal static class ConvolutionOperators
{
    internal static void Register(OperatorRegistry r)
    {
        r.Add("Conv", Conv);
        r.Add("ConvTranspose", ConvTranspose);
    }

    /// <summary>(N, C, spatial…) with 1–3 spatial axes as a 5-D view (N, C, 1…, spatial…).</summary>
    internal static Tensor To5d(Tensor x, string op)
    {
        if (x.Rank is < 3 or > 5) throw new OnnxModelException($"{op} needs (N, C, spatial…) with 1 to 3 spatial axes; got shape [{string.Join(", ", x.Shape.ToArray())}].");
        if (x.Rank == 5) return x;
        var s = new int[5];
        s[0] = x.ShapeArray[0];
        s[1] = x.ShapeArray[1];
        for (var k = 2; k < 5; k++) s[k] = 1;
        for (var k = 2; k < x.Rank; k++) s[5 - x.Rank + k] = x.ShapeArray[k];
        return x.ReshapeNoGrad(s);
    }

    /// <summary>Per-axis values for the three axes of a 5-D run: <paramref name="fill"/> before the real spatial axes.</summary>
    internal static int[] Lift(int[] values, int fill)
    {
        var r = new int[3];
        for (var k = 0; k < 3; k++) r[k] = fill;
        for (var k = 0; k < values.Length; k++) r[3 - values.Length + k] = values[k];
        return r;
    }

    private static OnnxKernel Conv(OnnxNodeContext c)
    {
        var attrs = SpatialAttributes.Read(c);
        var groups = c.SmallInt("group", 1);
        if (groups < 1) throw c.Unsupported("group must be positive.");
        return (i, o) =>
        {
            var x = i[0]!.AsFloatTensor();
            var w = i[1]!.AsFloatTensor();
            var bias = i.Length > 2 ? i[2]?.AsFloatTensor() : null;
            var spatial = x.Rank - 2;
            if (w.Rank != x.Rank) throw new OnnxModelException($"Conv weight {i[1]} does not match the input {i[0]}.");
            var kernel = w.Shape[2..].ToArray();
            var dil = attrs.Dilations(spatial);
            var (begin, end) = attrs.Pads(x.Shape[2..].ToArray(), kernel);
            var x5 = To5d(x, "Conv");
            var w5 = To5d(w, "Conv");
            if (dil.Any(d => d != 1)) w5 = Dilate(w5, Lift(dil, 1));
            int[] b3 = Lift(begin, 0), e3 = Lift(end, 0), s3 = Lift(attrs.Strides(spatial), 1);
            if (!b3.SequenceEqual(e3))
            {
                x5 = Functional.Pad(x5, [b3[2], e3[2], b3[1], e3[1], b3[0], e3[0]]);
                b3 = [0, 0, 0];
            }
            var y = Functional.Conv3d(x5, w5, bias, (s3[0], s3[1], s3[2]), (b3[0], b3[1], b3[2]), groups);
            o[0] = OnnxValue.FromTensor(x.Rank == 5 ? y : y.ReshapeNoGrad([.. y.Shape[..2], .. y.Shape[(5 - spatial)..]]));
        };
    }

    /// <summary>A kernel with (d − 1) zeros between taps: the same convolution as the dilated one.</summary>
    private static Tensor Dilate(Tensor w, int[] dilation)
    {
        var s = w.ShapeArray;
        int kd = (s[2] - 1) * dilation[0] + 1, kh = (s[3] - 1) * dilation[1] + 1, kw = (s[4] - 1) * dilation[2] + 1;
        var r = Tensor.Zeros(s[0], s[1], kd, kh, kw);
        var src = w.Contiguous().AsReadOnlySpan();
        var dst = r.AsSpan();
        var p = 0;
        for (var oc = 0; oc < s[0] * s[1]; oc++)
            for (var a = 0; a < s[2]; a++)
                for (var b = 0; b < s[3]; b++)
                    for (var e = 0; e < s[4]; e++)
                        dst[((oc * kd + a * dilation[0]) * kh + b * dilation[1]) * kw + e * dilation[2]] = src[p++];
        return r;
    }

    private static OnnxKernel ConvTranspose(OnnxNodeContext c)
    {
        var attrs = SpatialAttributes.Read(c);
        var groups = c.SmallInt("group", 1);
        if (groups < 1) throw c.Unsupported("group must be positive.");
        if (c.Has("output_shape")) throw c.Unsupported("the output_shape attribute is not supported; give pads and output_padding instead.");
        var outputPadding = c.SmallInts("output_padding");
        return (i, o) =>
        {
            var x = i[0]!.AsFloatTensor();
            var w = i[1]!.AsFloatTensor();
            var bias = i.Length > 2 ? i[2]?.AsFloatTensor() : null;
            var spatial = x.Rank - 2;
            var kernel = w.Shape[2..].ToArray();
            var (begin, end) = attrs.Pads(x.Shape[2..].ToArray(), kernel, transposed: true);
            var y = ConvTranspose3d(To5d(x, "ConvTranspose"), To5d(w, "ConvTranspose"), bias, Lift(attrs.Strides(spatial), 1), Lift(attrs.Dilations(spatial), 1),
                Lift(begin, 0), Lift(end, 0), Lift(outputPadding ?? new int[spatial], 0), groups);
            o[0] = OnnxValue.FromTensor(x.Rank == 5 ? y : y.ReshapeNoGrad([.. y.Shape[..2], .. y.Shape[(5 - spatial)..]]));
        };
    }

    private static Tensor ConvTranspose3d(Tensor x, Tensor w, Tensor? bias, int[] stride, int[] dilation, int[] begin, int[] end, int[] outputPadding, int groups)
    {
        var xs = x.ShapeArray;
        var ws = w.ShapeArray;
        int n = xs[0], ci = xs[1], cig = ci / groups, cog = ws[1], co = cog * groups;
        if (ci % groups != 0 || ws[0] != ci) throw new OnnxModelException($"ConvTranspose weight [{string.Join(", ", ws)}] does not fit {ci} input channels in {groups} groups.");
        var inSize = new[] { xs[2], xs[3], xs[4] };
        var k = new[] { ws[2], ws[3], ws[4] };
        var outSize = new int[3];
        for (var a = 0; a < 3; a++)
        {
            outSize[a] = stride[a] * (inSize[a] - 1) + outputPadding[a] + (k[a] - 1) * dilation[a] + 1 - begin[a] - end[a];
            if (outSize[a] < 1) throw new OnnxModelException("ConvTranspose output would be empty.");
        }
        var voxels = inSize[0] * inSize[1] * inSize[2];
        var taps = k[0] * k[1] * k[2];
        var y = Tensor.Zeros(n, co, outSize[0], outSize[1], outSize[2]);
        var xc = x.Contiguous();
        var wc = w.Contiguous().ReshapeNoGrad([ci, cog * taps]);
        var yd = y.Storage.Data;
        var outVoxels = outSize[0] * outSize[1] * outSize[2];
        var biasValues = bias?.ToArray();
        for (var b = 0; b < n; b++)
            for (var g = 0; g < groups; g++)
            {
                // cols (cog·taps, voxels) = Wgᵀ · Xg
                var wg = wc.SliceNoGrad(0, g * cig, cig).Transpose(0, 1);
                var xg = xc.SliceNoGrad(0, b, 1).ReshapeNoGrad([ci, voxels]).SliceNoGrad(0, g * cig, cig);
                var cols = Functional.MatMul(wg, xg).Contiguous();
                var cd = cols.Storage.Data;
                var co0 = cols.Offset;
                Parallelism.For(cog, oc =>
                {
                    var yBase = (b * co + g * cog + oc) * outVoxels;
                    for (var t = 0; t < taps; t++)
                    {
                        int td = t / (k[1] * k[2]), th = t / k[2] % k[1], tw = t % k[2];
                        var row = co0 + (oc * taps + t) * voxels;
                        for (var d = 0; d < inSize[0]; d++)
                        {
                            var od = d * stride[0] - begin[0] + td * dilation[0];
                            if ((uint)od >= (uint)outSize[0]) continue;
                            for (var h = 0; h < inSize[1]; h++)
                            {
                                var oh = h * stride[1] - begin[1] + th * dilation[1];
                                if ((uint)oh >= (uint)outSize[1]) continue;
                                var src = row + (d * inSize[1] + h) * inSize[2];
                                var dst = yBase + (od * outSize[1] + oh) * outSize[2];
                                for (var ww = 0; ww < inSize[2]; ww++)
                                {
                                    var ow = ww * stride[2] - begin[2] + tw * dilation[2];
                                    if ((uint)ow < (uint)outSize[2]) yd[dst + ow] += cd[src + ww];
                                }
                            }
                        }
                    }
                    if (biasValues is not null)
                    {
                        var bv = biasValues[g * cog + oc];
                        for (var v = 0; v < outVoxels; v++) yd[yBase + v] += bv;
                    }
                });
            }
        return y;
    }
}
