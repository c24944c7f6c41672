namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>
/// The spatial attributes shared by Conv, ConvTranspose and the pools (kernel_shape, strides, dilations, pads,
/// auto_pad), read at load time; pads are resolved against the input size at run time when auto_pad asks for it.
/// </summary>
internal sealed class SpatialAttributes
{
    private SpatialAttributes(int[]? kernel, int[]? strides, int[]? dilations, int[]? pads, string autoPad)
    {
        Kernel = kernel;
        StridesAttr = strides;
        DilationsAttr = dilations;
        PadsAttr = pads;
        AutoPad = autoPad;
    }

    internal int[]? Kernel { get; }

    private int[]? StridesAttr { get; }

    private int[]? DilationsAttr { get; }

    private int[]? PadsAttr { get; }

    internal string AutoPad { get; }

    internal static SpatialAttributes Read(OnnxNodeContext c)
    {
        var a = new SpatialAttributes(c.SmallInts("kernel_shape"), c.SmallInts("strides"), c.SmallInts("dilations"), c.SmallInts("pads"),
            c.Choice("auto_pad", "NOTSET", "NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER"));
        foreach (var v in (a.StridesAttr ?? []).Concat(a.DilationsAttr ?? []).Concat(a.Kernel ?? []))
            if (v < 1) throw c.Unsupported("kernel_shape, strides and dilations must be positive.");
        if (a.PadsAttr is { } p && p.Any(v => v < 0)) throw c.Unsupported("negative pads are not supported.");
        return a;
    }

    internal int[] Strides(int spatial) => Fill(StridesAttr, spatial, "strides");

    internal int[] Dilations(int spatial) => Fill(DilationsAttr, spatial, "dilations");

    /// <summary>Begin and end padding per spatial axis for an input of the given spatial sizes.</summary>
    internal (int[] Begin, int[] End) Pads(int[] inputSize, int[] kernel, bool transposed = false)
    {
        var n = inputSize.Length;
        int[] begin = new int[n], end = new int[n];
        var strides = Strides(n);
        var dilations = Dilations(n);
        if (AutoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            for (var k = 0; k < n; k++)
            {
                var effective = (kernel[k] - 1) * dilations[k] + 1;
                var total = transposed
                    ? Math.Max(0, strides[k] * (inputSize[k] - 1) + effective - inputSize[k] * strides[k])
                    : Math.Max(0, ((inputSize[k] + strides[k] - 1) / strides[k] - 1) * strides[k] + effective - inputSize[k]);
                var small = total / 2;
                (begin[k], end[k]) = AutoPad == "SAME_UPPER" ? (small, total - small) : (total - small, small);
            }
            return (begin, end);
        }
        if (AutoPad == "VALID" || PadsAttr is null) return (begin, end);
        if (PadsAttr.Length != 2 * n) throw new OnnxModelException($"pads has {PadsAttr.Length} values; {2 * n} are needed for {n} spatial axes.");
        for (var k = 0; k < n; k++) (begin[k], end[k]) = (PadsAttr[k], PadsAttr[n + k]);
        return (begin, end);
    }

    private static int[] Fill(int[]? values, int spatial, string name)
    {
        if (values is null) return Enumerable.Repeat(1, spatial).ToArray();
        if (values.Length != spatial) throw new OnnxModelException($"{name} has {values.Length} values; the input has {spatial} spatial axes.");
        return values;
    }
}
