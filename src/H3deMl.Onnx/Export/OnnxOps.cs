using H3deMl.Onnx.Protobuf;
using H3deMl.Tensors.NN.Layers;

namespace H3deMl.Onnx.Export;

/// <summary>
/// The ONNX operators the exporter emits, each tracking the static (batch-of-one) shape of its result. Opset
/// differences are handled here: ReduceMean takes its axes as an input from opset 18, Gelu is an operator from
/// opset 20 (before that it is written with Erf).
/// </summary>
internal sealed class OnnxOps(OnnxGraphBuilder graph)
{
    private static readonly float s_invSqrt2 = (float)(1 / Math.Sqrt(2));

    public OnnxGraphBuilder Graph { get; } = graph;

    /// <summary>Conv of a <see cref="Conv3dLayer"/> whose parameters are exported under <paramref name="path"/>.</summary>
    public GraphValue Conv(GraphValue x, Conv3dLayer layer, string path, Action<string> used)
    {
        var w = layer.Weight.Value;
        var weight = Graph.FloatInitializer(path + ".weight", w.AsReadOnlySpan(), [.. w.Shape]);
        used(path + ".weight");
        var inputs = new List<string> { x.Name, weight };
        if (layer.Bias is { } bias)
        {
            inputs.Add(Graph.FloatInitializer(path + ".bias", bias.Value.AsReadOnlySpan(), bias.Value.Size(0)));
            used(path + ".bias");
        }
        var (k, s, p) = (layer.KernelSize, layer.Stride, layer.Padding);
        var name = Graph.Node("Conv", [.. inputs], path,
            AttributeProto.IntList("kernel_shape", k.D, k.H, k.W),
            AttributeProto.IntList("strides", s.D, s.H, s.W),
            AttributeProto.IntList("pads", p.D, p.H, p.W, p.D, p.H, p.W),
            AttributeProto.IntList("dilations", 1, 1, 1),
            AttributeProto.Int("group", layer.Groups));
        int Out(int size, int kernel, int stride, int pad) => (size + 2 * pad - kernel) / stride + 1;
        return new(name, [x.Shape[0], layer.OutChannels, Out(x.Shape[2], k.D, s.D, p.D), Out(x.Shape[3], k.H, s.H, p.H), Out(x.Shape[4], k.W, s.W, p.W)]);
    }

    /// <summary>Gemm over the last axis of any-rank input (flattened to 2-D and back), weights in the reference (out, in) layout.</summary>
    public GraphValue Linear(GraphValue x, LinearLayer layer, string path, Action<string> used)
    {
        var w = layer.Weight.Value;
        var weight = Graph.FloatInitializer(path + ".weight", w.AsReadOnlySpan(), [.. w.Shape]);
        used(path + ".weight");
        var rows = x.Shape.Aggregate(1, (a, b) => a * b) / layer.InFeatures;
        var inputs = new List<string> { Reshape(x, [rows, layer.InFeatures]).Name, weight };
        if (layer.Bias is { } bias)
        {
            inputs.Add(Graph.FloatInitializer(path + ".bias", bias.Value.AsReadOnlySpan(), bias.Value.Size(0)));
            used(path + ".bias");
        }
        var flat = Graph.Node("Gemm", [.. inputs], path, AttributeProto.Int("transB", 1));
        int[] shape = [.. x.Shape[..^1], layer.OutFeatures];
        return Reshape(new GraphValue(flat, [rows, layer.OutFeatures]), shape);
    }

    /// <summary>LayerNormalization over the last axis with exported weight and bias.</summary>
    public GraphValue LayerNorm(GraphValue x, LayerNormLayer layer, string path, Action<string> used)
    {
        if (layer.Weight is null || layer.Bias is null) throw new NotSupportedException($"{path}: LayerNorm without affine parameters.");
        var weight = Graph.FloatInitializer(path + ".weight", layer.Weight.Value.AsReadOnlySpan(), layer.NormalizedSize);
        var bias = Graph.FloatInitializer(path + ".bias", layer.Bias.Value.AsReadOnlySpan(), layer.NormalizedSize);
        used(path + ".weight");
        used(path + ".bias");
        return new(Graph.Node("LayerNormalization", [x.Name, weight, bias], path,
            AttributeProto.Int("axis", -1), AttributeProto.Float("epsilon", layer.Epsilon)), x.Shape);
    }

    /// <summary>InstanceNormalization without affine parameters (scale 1, bias 0 initialisers, shared per channel count).</summary>
    public GraphValue InstanceNorm(GraphValue x, float epsilon, string hint)
    {
        var channels = x.Shape[1];
        var scale = Graph.FloatConstant(Enumerable.Repeat(1f, channels).ToArray());
        var bias = Graph.FloatConstant(new float[channels]);
        return new(Graph.Node("InstanceNormalization", [x.Name, scale, bias], hint, AttributeProto.Float("epsilon", epsilon)), x.Shape);
    }

    public GraphValue LeakyRelu(GraphValue x, float alpha, string hint) =>
        new(Graph.Node("LeakyRelu", [x.Name], hint, AttributeProto.Float("alpha", alpha)), x.Shape);

    /// <summary>Exact (erf) GELU: the Gelu operator from opset 20, else 0.5·x·(1 + erf(x/√2)).</summary>
    public GraphValue Gelu(GraphValue x, string hint)
    {
        if (Graph.Opset >= 20)
            return new(Graph.Node("Gelu", [x.Name], hint, AttributeProto.String("approximate", "none")), x.Shape);
        var scaled = Graph.Node("Mul", [x.Name, Graph.FloatConstant([s_invSqrt2], scalar: true)], hint + "/scaled");
        var erf = Graph.Node("Erf", [scaled], hint + "/erf");
        var onePlus = Graph.Node("Add", [erf, Graph.FloatConstant([1f], scalar: true)], hint + "/one_plus");
        var half = Graph.Node("Mul", [x.Name, Graph.FloatConstant([0.5f], scalar: true)], hint + "/half");
        return new(Graph.Node("Mul", [half, onePlus], hint), x.Shape);
    }

    public GraphValue Transpose(GraphValue x, params int[] perm) =>
        new(Graph.Node("Transpose", [x.Name], x.Name + "/T", AttributeProto.IntList("perm", [.. perm.Select(p => (long)p)])),
            [.. perm.Select(p => x.Shape[p])]);

    /// <summary>Reshape to <paramref name="shape"/> (batch of one); the leading axis is written as −1 so it absorbs the batch.</summary>
    public GraphValue Reshape(GraphValue x, int[] shape)
    {
        if (x.Shape.Aggregate(1L, (a, b) => a * b) != shape.Aggregate(1L, (a, b) => a * b))
            throw new InvalidOperationException($"Reshape of [{string.Join(", ", x.Shape)}] to [{string.Join(", ", shape)}] changes the element count.");
        if (x.Shape.SequenceEqual(shape)) return x;
        var target = Graph.Int64Constant([-1, .. shape[1..].Select(d => (long)d)]);
        return new(Graph.Node("Reshape", [x.Name, target], x.Name + "/R"), shape);
    }

    /// <summary>Elements [start, end) of one axis.</summary>
    public GraphValue Slice(GraphValue x, int axis, int start, int end, string? output = null)
    {
        if (axis < 0) axis += x.Rank;
        var inputs = new[] { x.Name, Graph.Int64Constant([start]), Graph.Int64Constant([end]), Graph.Int64Constant([axis]) };
        var shape = (int[])x.Shape.Clone();
        shape[axis] = end - start;
        var name = output is null ? Graph.Node("Slice", inputs, x.Name + "/S") : Graph.NodeTo(output, "Slice", inputs);
        return new(name, shape);
    }

    /// <summary>Crops the trailing axes to <paramref name="sizes"/> (one Slice for all, none when nothing changes).</summary>
    public GraphValue CropEnd(GraphValue x, int firstAxis, int[] sizes, string? output = null)
    {
        var axes = Enumerable.Range(0, sizes.Length).Where(i => x.Shape[firstAxis + i] != sizes[i]).ToArray();
        if (axes.Length == 0)
            return output is null ? x : new(Graph.NodeTo(output, "Identity", [x.Name]), x.Shape);
        var inputs = new[]
        {
            x.Name, Graph.Int64Constant(new long[axes.Length]), Graph.Int64Constant([.. axes.Select(i => (long)sizes[i])]),
            Graph.Int64Constant([.. axes.Select(i => (long)(firstAxis + i))]),
        };
        var shape = (int[])x.Shape.Clone();
        foreach (var i in axes) shape[firstAxis + i] = sizes[i];
        var name = output is null ? Graph.Node("Slice", inputs, x.Name + "/crop") : Graph.NodeTo(output, "Slice", inputs);
        return new(name, shape);
    }

    /// <summary>Zero padding at the end of the axes from <paramref name="firstAxis"/> on, up to <paramref name="sizes"/>.</summary>
    public GraphValue PadEnd(GraphValue x, int firstAxis, int[] sizes)
    {
        var pads = new long[2 * x.Rank];
        var shape = (int[])x.Shape.Clone();
        for (var i = 0; i < sizes.Length; i++)
        {
            pads[x.Rank + firstAxis + i] = sizes[i] - x.Shape[firstAxis + i];
            shape[firstAxis + i] = sizes[i];
        }
        if (shape.SequenceEqual(x.Shape)) return x;
        return new(Graph.Node("Pad", [x.Name, Graph.Int64Constant(pads)], x.Name + "/pad", AttributeProto.String("mode", "constant")), shape);
    }

    public GraphValue Add(GraphValue a, GraphValue b, string hint) => new(Graph.Node("Add", [a.Name, b.Name], hint), a.Shape);

    public GraphValue Scale(GraphValue x, float factor, string hint) =>
        new(Graph.Node("Mul", [x.Name, Graph.FloatConstant([factor], scalar: true)], hint), x.Shape);

    /// <summary>Mean over one axis, the axis removed.</summary>
    public GraphValue ReduceMean(GraphValue x, int axis, string hint)
    {
        if (axis < 0) axis += x.Rank;
        var name = Graph.Opset >= 18
            ? Graph.Node("ReduceMean", [x.Name, Graph.Int64Constant([axis])], hint, AttributeProto.Int("keepdims", 0))
            : Graph.Node("ReduceMean", [x.Name], hint, AttributeProto.IntList("axes", axis), AttributeProto.Int("keepdims", 0));
        return new(name, [.. x.Shape[..axis], .. x.Shape[(axis + 1)..]]);
    }

    public GraphValue MatMul(GraphValue a, GraphValue b, string hint) =>
        new(Graph.Node("MatMul", [a.Name, b.Name], hint), [.. a.Shape[..^1], b.Shape[^1]]);

    public GraphValue Softmax(GraphValue x, string hint) =>
        new(Graph.Node("Softmax", [x.Name], hint, AttributeProto.Int("axis", -1)), x.Shape);

    /// <summary>The indices (int64) of the <paramref name="k"/> largest values along the last axis, largest first.</summary>
    public GraphValue TopKIndices(GraphValue x, int k, string hint)
    {
        var outputs = Graph.NodeN("TopK", [x.Name, Graph.Int64Constant([k])], [hint + "/values", hint],
            AttributeProto.Int("axis", -1), AttributeProto.Int("largest", 1), AttributeProto.Int("sorted", 1));
        return new(outputs[1], [.. x.Shape[..^1], k]);
    }

    /// <summary>Broadcasts <paramref name="x"/> to <paramref name="shape"/> (a leading 1 keeps the batch).</summary>
    public GraphValue Expand(GraphValue x, int[] shape, string hint) =>
        new(Graph.Node("Expand", [x.Name, Graph.Int64Constant([1, .. shape[1..].Select(d => (long)d)])], hint), shape);

    public GraphValue GatherElements(GraphValue data, GraphValue indices, int axis, string hint) =>
        new(Graph.Node("GatherElements", [data.Name, indices.Name], hint, AttributeProto.Int("axis", axis)), indices.Shape);

    /// <summary>Trilinear ×<paramref name="scale"/> upsampling with align_corners = false (Resize, linear, half_pixel).</summary>
    public GraphValue Upsample(GraphValue x, int scale, string hint)
    {
        var scales = Graph.FloatConstant([1f, 1f, scale, scale, scale]);
        var name = Graph.Node("Resize", [x.Name, "", scales], hint,
            AttributeProto.String("mode", "linear"),
            AttributeProto.String("coordinate_transformation_mode", "half_pixel"));
        return new(name, [x.Shape[0], x.Shape[1], x.Shape[2] * scale, x.Shape[3] * scale, x.Shape[4] * scale]);
    }

    /// <summary>Average pooling, cubic kernel, padding counted in the divisor (count_include_pad = 1).</summary>
    public GraphValue AveragePool(GraphValue x, int kernel, int stride, int padding, string hint)
    {
        var name = Graph.Node("AveragePool", [x.Name], hint,
            AttributeProto.IntList("kernel_shape", kernel, kernel, kernel),
            AttributeProto.IntList("strides", stride, stride, stride),
            AttributeProto.IntList("pads", padding, padding, padding, padding, padding, padding),
            AttributeProto.Int("count_include_pad", 1));
        int Out(int size) => (size + 2 * padding - kernel) / stride + 1;
        return new(name, [x.Shape[0], x.Shape[1], Out(x.Shape[2]), Out(x.Shape[3]), Out(x.Shape[4])]);
    }

    public GraphValue Concat(GraphValue a, GraphValue b, int axis, string hint)
    {
        var shape = (int[])a.Shape.Clone();
        shape[axis] += b.Shape[axis];
        return new(Graph.Node("Concat", [a.Name, b.Name], hint, AttributeProto.Int("axis", axis)), shape);
    }
}
