using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring;

/// <summary>Parallel loops of the interpreter's own kernels, bounded by <see cref="ComputeSettings.Threads"/> like the engine's.</summary>
internal static class Parallelism
{
    private static ParallelOptions Options => new() { MaxDegreeOfParallelism = ComputeSettings.Threads };

    /// <summary>Runs <paramref name="body"/> for every index in [0, <paramref name="count"/>); each index must write its own outputs.</summary>
    internal static void For(int count, Action<int> body)
    {
        if (count <= 0) return;
        if (count == 1 || ComputeSettings.Threads == 1)
        {
            for (var i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, Options, body);
    }
}
