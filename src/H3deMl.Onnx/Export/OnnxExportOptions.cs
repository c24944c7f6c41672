namespace H3deMl.Onnx.Export;

/// <summary>Options of <c>ml.Model.ExportToOnnx</c> and <c>ml.Model.ToOnnxModel</c>.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The lowest opset the exporter writes.</summary>
    public const int MinimumOpset = 17;

    /// <summary>The highest opset the exporter writes.</summary>
    public const int MaximumOpset = 21;

    /// <summary>The default-domain opset, <see cref="MinimumOpset"/> to <see cref="MaximumOpset"/>; default 17. From 18
    /// ReduceMean takes its axes as an input; from 20 GELU is the Gelu operator instead of an Erf expression.</summary>
    public int Opset { get; init; } = MinimumOpset;

    /// <summary>The spatial input size (A0, A1, A2) the graph is written for; null (the default) takes the model's
    /// training window (<c>H3deNetModelOptions.WindowSize</c>). The batch dimension is always dynamic.</summary>
    public (int A0, int A1, int A2)? InputSize { get; init; }

    internal void Validate()
    {
        if (Opset is < MinimumOpset or > MaximumOpset)
            throw new ArgumentOutOfRangeException(nameof(Opset), Opset, $"The ONNX export writes opsets {MinimumOpset} to {MaximumOpset}.");
        if (InputSize is { } s && (s.A0 < 1 || s.A1 < 1 || s.A2 < 1 || s.A0 > 4096 || s.A1 > 4096 || s.A2 > 4096))
            throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize, "Every input size must be in [1, 4096] voxels.");
    }

    /// <summary>The IR version that goes with the opset (8 for 17–18, 9 for 19–20, 10 for 21).</summary>
    internal long IrVersion => Opset switch { <= 18 => 8, <= 20 => 9, _ => 10 };
}
