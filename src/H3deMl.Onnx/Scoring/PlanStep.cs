namespace H3deMl.Onnx.Scoring;

/// <summary>One node of the execution plan: its kernel, the value slots it reads and writes, and which inputs end their life here.</summary>
internal sealed class PlanStep(string description, OnnxKernel kernel, int[] inputs, int[] outputs, bool shapeOnly)
{
    internal string Description { get; } = description;

    internal OnnxKernel Kernel { get; } = kernel;

    /// <summary>Value slots read (−1 for an omitted optional input).</summary>
    internal int[] Inputs { get; } = inputs;

    /// <summary>Value slots written (−1 for an output nobody names).</summary>
    internal int[] Outputs { get; } = outputs;

    /// <summary>True when the outputs depend only on constants and on input shapes (Shape chains): computed once per input shape.</summary>
    internal bool ShapeOnly { get; } = shapeOnly;

    /// <summary>Slots whose last reader is this step (released after it runs).</summary>
    internal int[] Releases { get; set; } = [];
}
